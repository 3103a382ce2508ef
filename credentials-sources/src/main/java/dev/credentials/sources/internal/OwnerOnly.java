package dev.credentials.sources.internal;

import dev.credentials.CredentialSourceException;
import dev.credentials.CredentialSourceException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The permission rule for credential files, as ssh applies it to private keys: a file that group or
 * others may read or write is refused; a directory that group or others may write (without the
 * sticky bit) is refused, since anyone who can write it can swap a file. A directory's listing
 * shows key names only, so a listable directory (a Kubernetes secret volume is one) is accepted.
 */
public final class OwnerOnly {

  private static final Set<PosixFilePermission> FILE_FORBIDDEN =
      Set.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  private static final Set<PosixFilePermission> DIRECTORY_FORBIDDEN =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private static final int STICKY = 01000;

  private OwnerOnly() {}

  /**
   * Refuses a file (after following links) that group or others may read or write.
   *
   * @param file the file
   */
  public static void checkFile(Path file) {
    Set<PosixFilePermission> perms = permissions(file);
    if (perms.stream().anyMatch(FILE_FORBIDDEN::contains)) {
      throw new CredentialSourceException(
          "file",
          Reason.INSECURE_PERMISSIONS,
          "credential file "
              + file
              + " may be read or written by group or others ("
              + PosixFilePermissions.toString(perms)
              + "); run 'chmod 600 "
              + file
              + "' (on Kubernetes, give the secret volume defaultMode: 0400)");
    }
  }

  /**
   * Refuses a directory that group or others may write, unless it has the sticky bit.
   *
   * @param directory the directory
   */
  public static void checkDirectory(Path directory) {
    Set<PosixFilePermission> perms = permissions(directory);
    if (perms.stream().anyMatch(DIRECTORY_FORBIDDEN::contains) && !sticky(directory)) {
      throw new CredentialSourceException(
          "file",
          Reason.INSECURE_PERMISSIONS,
          "credential directory "
              + directory
              + " may be written by group or others ("
              + PosixFilePermissions.toString(perms)
              + "); run 'chmod 700 "
              + directory
              + "'");
    }
  }

  private static boolean sticky(Path directory) {
    try {
      Object mode = Files.getAttribute(directory, "unix:mode");
      return mode instanceof Integer m && (m & STICKY) != 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static Set<PosixFilePermission> permissions(Path p) {
    try {
      return Files.getPosixFilePermissions(p);
    } catch (UnsupportedOperationException e) {
      throw new CredentialSourceException(
          "file",
          Reason.INSECURE_PERMISSIONS,
          "cannot verify who may read credential file "
              + p
              + ": its file system has no POSIX permissions; keep credential files on one that has");
    } catch (IOException e) {
      throw new CredentialSourceException(
          "file",
          Reason.NOT_FOUND,
          "cannot read the permissions of "
              + p
              + " ("
              + e.getClass().getSimpleName()
              + "); check the path and that this process may read it");
    }
  }
}
