package org.bookinglifecycle.lab.seed;

/**
 * Builds one line of PostgreSQL's COPY text format, and JSON values inside it, with the
 * escaping each needs (JSON first, then COPY's backslash escapes).
 */
final class CopyText {

	private final StringBuilder line = new StringBuilder(512);

	private boolean first = true;

	CopyText reset() {
		this.line.setLength(0);
		this.first = true;
		return this;
	}

	CopyText add(Object value) {
		if (!this.first) {
			this.line.append('\t');
		}
		this.first = false;
		if (value == null) {
			this.line.append("\\N");
		}
		else {
			escapeCopy(this.line, value.toString());
		}
		return this;
	}

	String end() {
		return this.line.append('\n').toString();
	}

	private static void escapeCopy(StringBuilder out, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> out.append("\\\\");
				case '\t' -> out.append("\\t");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				default -> out.append(c);
			}
		}
	}

	/**
	 * A JSON object written field by field; values are strings, numbers, booleans or
	 * nested JSON.
	 */
	static final class Json {

		private final StringBuilder json = new StringBuilder(256).append('{');

		Json put(String key, Object value) {
			if (this.json.length() > 1) {
				this.json.append(',');
			}
			string(key);
			this.json.append(':');
			if (value == null) {
				this.json.append("null");
			}
			else if (value instanceof Number || value instanceof Boolean) {
				this.json.append(value);
			}
			else if (value instanceof Json nested) {
				this.json.append(nested);
			}
			else {
				string(value.toString());
			}
			return this;
		}

		private void string(String value) {
			this.json.append('"');
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				switch (c) {
					case '"' -> this.json.append("\\\"");
					case '\\' -> this.json.append("\\\\");
					case '\n' -> this.json.append("\\n");
					case '\r' -> this.json.append("\\r");
					case '\t' -> this.json.append("\\t");
					default -> {
						if (c < 0x20) {
							this.json.append(String.format("\\u%04x", (int) c));
						}
						else {
							this.json.append(c);
						}
					}
				}
			}
			this.json.append('"');
		}

		@Override
		public String toString() {
			return this.json + "}";
		}

	}

}
