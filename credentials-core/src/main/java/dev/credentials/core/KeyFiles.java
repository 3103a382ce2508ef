package dev.credentials.core;

import dev.credentials.KeyUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Reading and writing keyset files: owner-only permissions checked on read, files created with
 * owner-only permissions from the first byte, and replaced atomically so that a reader never sees a
 * partial keyset.
 */
final class KeyFiles {

  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private KeyFiles() {}

  /** Reads a file that needs no permission check (an encrypted keyset). */
  static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw missing(path);
    } catch (IOException e) {
      throw new KeyUnavailableException(
          "cannot read keyset file " + path + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static KeyUnavailableException missing(Path path) {
    return new KeyUnavailableException(
        "no keyset file at "
            + path
            + "; production never generates keys: restore the keyset from its backup, or create"
            + " one deliberately (see docs/keys.md)");
  }

  /** Reads a cleartext keyset file after checking that only its owner may read or write it. */
  static String readOwnerOnly(Path path) {
    if (!Files.exists(path)) {
      throw missing(path);
    }
    checkOwnerOnly(path);
    return read(path);
  }

  static void checkOwnerOnly(Path path) {
    if (!isPosix(path)) {
      throw new KeyUnavailableException(
          "cannot verify that only its owner can read keyset file "
              + path
              + ": the file system has no POSIX permissions; use an encrypted keyset"
              + " (CredentialKeys.fromEncryptedFile or fromKms) instead");
    }
    if (!Files.isRegularFile(path)) {
      throw new KeyUnavailableException("keyset file " + path + " is not a regular file");
    }
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(path);
    } catch (IOException e) {
      throw new KeyUnavailableException("cannot read the permissions of keyset file " + path, e);
    }
    Set<PosixFilePermission> wide = EnumSet.noneOf(PosixFilePermission.class);
    wide.addAll(permissions);
    wide.retainAll(GROUP_OR_OTHERS);
    if (!wide.isEmpty()) {
      throw new KeyUnavailableException(
          "keyset file "
              + path
              + " has permissions "
              + PosixFilePermissions.toString(permissions)
              + " ("
              + octal(permissions)
              + "): group or others may access it, so it is refused; restrict it to its owner"
              + " with 'chmod 600 "
              + path
              + "' (or 0400; in Kubernetes set the secret volume's defaultMode to 0400)");
    }
  }

  static String octal(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= 1 << (8 - p.ordinal());
    }
    return String.format("0%03o", mode);
  }

  /**
   * Reads a cleartext keyset file, or creates it with the generator's content when missing. The
   * file appears at its path only when complete, with owner-only permissions from the start; when
   * another process creates it first, that keyset wins and is read.
   */
  static String readOrCreateOwnerOnly(Path path, Function<Path, byte[]> generator) {
    if (Files.exists(path)) {
      return readOwnerOnly(path);
    }
    requirePosix(path);
    Path dir = path.toAbsolutePath().getParent();
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
      }
      Path tmp = writeTemp(dir, path, generator.apply(path), true);
      try {
        // A hard link publishes the complete file and fails if the name is taken: never replaces.
        Files.createLink(path, tmp);
      } catch (FileAlreadyExistsException e) {
        // Another process created it first; use theirs.
      } catch (UnsupportedOperationException e) {
        Files.move(tmp, path);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (FileAlreadyExistsException e) {
      // lost a race through the move fallback; read the winner's file
    } catch (IOException e) {
      throw new KeyUnavailableException(
          "cannot create development keyset file "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + "); check that its directory is writable",
          e);
    }
    return readOwnerOnly(path);
  }

  /** Atomically replaces a file with owner-only permissions. */
  static void replaceOwnerOnly(Path path, byte[] content, boolean requirePosix) {
    boolean posix = isPosix(path);
    if (requirePosix && !posix) {
      requirePosix(path);
    }
    Path dir = path.toAbsolutePath().getParent();
    try {
      Path tmp = writeTemp(dir, path, content, posix);
      try {
        try {
          Files.move(
              tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new KeyUnavailableException(
          "cannot write keyset file "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + "); check that its directory exists and is writable",
          e);
    }
  }

  private static Path writeTemp(Path dir, Path target, byte[] content, boolean posix)
      throws IOException {
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attributes);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static void requirePosix(Path path) {
    if (!isPosix(path)) {
      throw new KeyUnavailableException(
          "cannot write a cleartext keyset to "
              + path
              + " with owner-only permissions: the file system has no POSIX permissions; write an"
              + " encrypted keyset (writeEncrypted) instead");
    }
  }
}
