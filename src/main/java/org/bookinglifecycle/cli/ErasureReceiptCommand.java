package org.bookinglifecycle.cli;

import java.util.List;
import java.util.Map;

import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.bookinglifecycle.operations.LifecycleRuntime;
import org.bookinglifecycle.operations.NothingToDoException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code erasure-receipt EXECUTION [--json]}: the receipt an erase-guest execution wrote
 * (no personal data), with its signature checked under {@code LIFECYCLE_ERASURE_KEY}: for
 * the data-protection officer.
 */
@Command(name = "erasure-receipt", mixinStandardHelpOptions = true,
		description = { "Print the receipt of an erase-guest execution and check its signature (HMAC-SHA256 under"
				+ " LIFECYCLE_ERASURE_KEY): booking ids and references, rows per table, columns and JSON paths masked,"
				+ " old and new hashes, rules version, rows kept by a legal hold, the residual check. No personal data." },
		exitCodeListHeading = "Exit codes:%n", exitCodeList = { "0:printed, signature valid (or not checked: no key)",
				"1:the signature does not match", "4:that execution wrote no receipt" })
class ErasureReceiptCommand extends DatabaseCommand {

	@Parameters(index = "0", paramLabel = "EXECUTION", description = "an erase-guest execution")
	long executionId;

	@Option(names = "--json", description = "print the receipt alone, as JSON (to hand over or archive)")
	boolean json;

	@Override
	int execute(LifecycleRuntime runtime, Console console) {
		JdbcTemplate jdbc = runtime.bean(JdbcTemplate.class);
		List<Map<String, Object>> rows = jdbc.queryForList("SELECT receipt::text AS receipt, signature,"
				+ " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS created"
				+ " FROM lifecycle_erasure_receipts WHERE job_execution_id = ?", this.executionId);
		if (rows.isEmpty()) {
			throw new NothingToDoException("Execution " + this.executionId
					+ " wrote no erasure receipt (it is not a completed erase-guest execution: see `show "
					+ this.executionId + "`).");
		}
		String receipt = (String) rows.get(0).get("receipt");
		String signature = (String) rows.get(0).get("signature");
		String key = System.getenv(ParameterSpec.ERASURE_KEY);
		Boolean valid = (key != null) ? ParameterSpec.hmacHex(key, receipt).equals(signature) : null;
		if (this.json) {
			console.line("%s", receipt);
		}
		else {
			console.line("erasure receipt of execution %d, written %s UTC", this.executionId,
					rows.get(0).get("created"));
			console.line("%s", receipt);
			console.line("signature hmac-sha256:%s: %s", signature,
					(valid == null) ? "not checked (" + ParameterSpec.ERASURE_KEY + " is not set)"
							: (valid ? "valid" : "DOES NOT MATCH"));
		}
		if (Boolean.FALSE.equals(valid)) {
			console.error("the receipt or its signature was changed after it was written");
			return ExitCodes.FAILED;
		}
		return ExitCodes.COMPLETED;
	}

}
