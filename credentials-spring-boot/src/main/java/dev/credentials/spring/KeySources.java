package dev.credentials.spring;

import dev.credentials.core.CredentialKeys;

/**
 * Turns {@code credentials.keys.*} into keys; one place for the rule of which setting is needed.
 */
final class KeySources {

  private KeySources() {}

  static CredentialKeys load(CredentialsProperties.Keys keys) {
    if (keys.getSource() == null) {
      throw new IllegalStateException(
          "set credentials.keys.source to file, env, development or ephemeral (file or env in"
              + " production)");
    }
    return switch (keys.getSource()) {
      case FILE -> CredentialKeys.fromFile(requireFile(keys));
      case DEVELOPMENT -> CredentialKeys.developmentFile(requireFile(keys));
      case ENV -> CredentialKeys.fromEnvironment(keys.getEnvVariable());
      case EPHEMERAL -> CredentialKeys.generate();
    };
  }

  private static java.nio.file.Path requireFile(CredentialsProperties.Keys keys) {
    if (keys.getFile() == null) {
      throw new IllegalStateException(
          "credentials.keys.source="
              + keys.getSource().name().toLowerCase(java.util.Locale.ROOT)
              + " needs credentials.keys.file (the keyset file)");
    }
    return keys.getFile();
  }
}
