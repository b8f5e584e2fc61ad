package org.bookinglifecycle.operations;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

class ReadableExecutionContextsTests {

	private final ExecutionContextSerializer serializer = new ReadableExecutionContexts().executionContextSerializer();

	@Test
	void writesJsonThatKeepsEachNumberItsType() throws IOException {
		Map<String, Object> context = readerState();

		String written = write(this.serializer, context);

		assertThat(written).startsWith("{")
			.contains("\"auditIds.lastId\":[\"java.lang.Long\",1234]")
			.contains("\"historyReader.read.count\":200")
			.contains("\"minId\":[\"java.lang.Long\",1]");
		Map<String, Object> read = read(written);
		assertThat(read).isEqualTo(context);
		assertThat(read.get("minId")).isInstanceOf(Long.class);
		assertThat(read.get("historyReader.read.count")).isInstanceOf(Integer.class);
		assertThat(((Map<?, ?>) read.get("historyReader.start.after")).get("id")).isInstanceOf(Long.class);
		ExecutionContext restored = new ExecutionContext(read);
		assertThat(restored.getLong("auditIds.lastId")).isEqualTo(1234L);
		assertThat(restored.getLong("minId")).isEqualTo(1L);
		assertThat(restored.getInt("historyReader.read.count")).isEqualTo(200);
		assertThat(restored.getString("batch.stepType")).isEqualTo("chunk");
	}

	@Test
	void readsTheLegacyFormat() throws IOException {
		Map<String, Object> context = readerState();
		String legacy = write(new DefaultExecutionContextSerializer(), context);

		Map<String, Object> read = read(legacy);

		assertThat(legacy).doesNotStartWith("{");
		assertThat(read).isEqualTo(context);
		assertThat(new ExecutionContext(read).getLong("minId")).isEqualTo(1L);
	}

	@Test
	void readsJsonWithLeadingBlanks() throws IOException {
		assertThat(read("\n  {\"count\":[\"java.lang.Long\",3]}")).containsEntry("count", 3L);
	}

	private static Map<String, Object> readerState() {
		Map<String, Object> startAfter = new LinkedHashMap<>();
		startAfter.put("id", 5678L);
		Map<String, Object> context = new HashMap<>();
		context.put("auditIds.lastId", 1234L);
		context.put("auditIds.read.count", 1000L);
		context.put("minId", 1L);
		context.put("maxId", Long.MAX_VALUE);
		context.put("historyReader.read.count", 200);
		context.put("historyReader.start.after", startAfter);
		context.put("batch.stepType", "chunk");
		return context;
	}

	private static String write(ExecutionContextSerializer serializer, Map<String, Object> context) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		serializer.serialize(context, out);
		return out.toString(StandardCharsets.UTF_8);
	}

	private Map<String, Object> read(String stored) throws IOException {
		return this.serializer.deserialize(new ByteArrayInputStream(stored.getBytes(StandardCharsets.UTF_8)));
	}

}
