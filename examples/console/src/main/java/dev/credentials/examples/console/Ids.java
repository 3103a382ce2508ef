package dev.credentials.examples.console;

import dev.credentials.CredentialId;
import dev.credentials.Topic;

/** Path and body identifiers parsed into library values, with errors that name the field. */
final class Ids {

  private Ids() {}

  static CredentialId credential(String id) {
    return credential(id, "id");
  }

  static CredentialId credential(String id, String field) {
    if (id == null) {
      throw new BadRequestException(field, "is required; give a credential id");
    }
    try {
      return CredentialId.of(id);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(field, "is not a credential id");
    }
  }

  static Topic topic(String topic, String field) {
    if (topic == null) {
      throw new BadRequestException(field, "is required; give a topic");
    }
    try {
      return Topic.of(topic);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(field, "is not a valid topic name");
    }
  }
}
