package dev.credentials.internal;

/**
 * Not API: the capability to hand arrays over to secrets and value maps without a copy (Tink's
 * {@code SecretKeyAccess} pattern). Whoever holds one promises never to change, reuse or read the
 * arrays it hands over; so it is granted only to the engine's own internal classes, checked by the
 * caller's class when {@link #grant()} is called (once, into a constant), and every use names it. A
 * security review finds every adoption by searching for this class.
 */
public final class BufferAdoption {

  /** The package whose classes (and sub-packages' classes) may hold the capability. */
  private static final String HOLDERS = "dev.credentials.core.internal.";

  private static final BufferAdoption INSTANCE = new BufferAdoption();

  private BufferAdoption() {}

  /**
   * The capability, for the engine's internal classes only.
   *
   * @return the capability
   * @throws IllegalCallerException when called from any other class
   */
  public static BufferAdoption grant() {
    Class<?> caller =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
    if (!caller.getName().startsWith(HOLDERS)) {
      throw new IllegalCallerException(
          caller.getName()
              + " may not adopt buffers; build secrets with Secret.of or Secret.ofUtf8, which copy");
    }
    return INSTANCE;
  }

  /**
   * Checks a capability handed to an adopting method.
   *
   * @param grant the capability
   * @throws IllegalCallerException when it is null
   */
  public static void check(BufferAdoption grant) {
    if (grant != INSTANCE) {
      throw new IllegalCallerException("adopting a buffer needs BufferAdoption.grant()");
    }
  }
}
