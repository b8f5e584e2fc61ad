/**
 * Which PostgreSQL the suite works on (embedded by default, or external), its schema
 * migrations, and the SQL files the jobs run.
 */
package org.bookinglifecycle.db;
