package org.bookinglifecycle.operations;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;
import org.springframework.batch.core.repository.dao.JacksonExecutionContextStringSerializer;

/**
 * Writes execution contexts as Spring Batch's typed JSON (a {@code Long} is written
 * {@code ["java.lang.Long",42]}, so it is still a {@code Long} after a restart) and reads
 * both that and the Base64 of Java serialization the suite wrote before: a context whose
 * first non-blank byte is <code>{</code> is JSON, anything else the legacy format, so an
 * execution stopped before the switch restarts from its saved position.
 */
public final class JsonExecutionContextSerializer implements ExecutionContextSerializer {

	private final ExecutionContextSerializer json = new JacksonExecutionContextStringSerializer();

	private final ExecutionContextSerializer legacy = new DefaultExecutionContextSerializer();

	@Override
	public void serialize(Map<String, Object> context, OutputStream outputStream) throws IOException {
		this.json.serialize(context, outputStream);
	}

	@Override
	public Map<String, Object> deserialize(InputStream inputStream) throws IOException {
		byte[] stored = inputStream.readAllBytes();
		ExecutionContextSerializer format = isJson(stored) ? this.json : this.legacy;
		return format.deserialize(new ByteArrayInputStream(stored));
	}

	private static boolean isJson(byte[] stored) {
		for (byte b : stored) {
			if (!Character.isWhitespace(b)) {
				return b == '{';
			}
		}
		return false;
	}

}
