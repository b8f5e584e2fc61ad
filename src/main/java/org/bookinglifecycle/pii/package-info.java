/**
 * scan-pii: proves the anonymization by counting the personal data still left past its
 * limit, per table, column and JSON key path.
 */
package org.bookinglifecycle.pii;
