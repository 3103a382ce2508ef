/**
 * Not API. Expiry reminders: {@link dev.credentials.core.internal.reminders.ReminderDispatcher}
 * finds due reminders, records them once and delivers them to the launch listeners.
 */
package dev.credentials.core.internal.reminders;
