package org.bookinglifecycle.web;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.bookinglifecycle.kit.StatusContributor.StatusFigure;
import org.bookinglifecycle.kit.definition.BadUsageException;
import org.bookinglifecycle.kit.definition.JobKind;
import org.bookinglifecycle.kit.definition.LifecycleJobSpec;
import org.bookinglifecycle.kit.definition.ParameterSpec;
import org.bookinglifecycle.operations.JobCatalog;
import org.bookinglifecycle.operations.JobOperations;
import org.bookinglifecycle.operations.LifecycleRuntime;
import org.bookinglifecycle.operations.NothingToDoException;
import org.bookinglifecycle.operations.StatusFigures;
import org.bookinglifecycle.schedule.ScheduleTriggers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.task.TaskExecutor;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages: overview (system health, performance, compliance), executions, one
 * execution, schedules, and the operators' actions. Every action asks for confirmation (a
 * first POST shows what will happen, the confirmed POST does it), is validated as the CLI
 * validates it before anything starts, and is recorded in the operations log with the web
 * user's name. Jobs that take a guest's identity are not offered, and their executions
 * are shown read-only: every action on one is refused, the CLI continues them.
 */
@Controller
@ConditionalOnProperty(name = LifecycleRuntime.DAEMON_PROPERTY, havingValue = "true")
class OpsPageController {

	private static final Logger logger = LoggerFactory.getLogger(OpsPageController.class);

	/** The nights the performance panel shows. */
	static final int NIGHTS = 30;

	/** The days the failed executions of the health panel cover. */
	static final int FAILED_DAYS = 7;

	/** The parameter types that carry a guest's identity or write a guest's data out. */
	private static final Set<ParameterSpec.Type> GUEST_TYPES = Set.of(ParameterSpec.Type.EMAIL,
			ParameterSpec.Type.REFERENCE, ParameterSpec.Type.NEW_FILE);

	private static final Set<String> ACTIONS = Set.of("restart", "stop", "abandon", "recover");

	private final JobOperations operations;

	private final JobCatalog catalog;

	private final StatusFigures figures;

	private final ScheduleTriggers triggers;

	private final OpsReads reads;

	private final TaskExecutor actions;

	private final Clock clock;

	OpsPageController(JobOperations operations, JobCatalog catalog, StatusFigures figures, ScheduleTriggers triggers,
			OpsReads reads, TaskExecutor opsPageActions, Clock clock) {
		this.operations = operations;
		this.catalog = catalog;
		this.figures = figures;
		this.triggers = triggers;
		this.reads = reads;
		this.actions = opsPageActions;
		this.clock = clock;
	}

	@ModelAttribute
	void user(Authentication authentication, Model model) {
		boolean operator = authentication != null && authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> ("ROLE_" + WebUsers.OPERATOR).equals(authority.getAuthority()));
		model.addAttribute("user", (authentication != null) ? authentication.getName() : null);
		model.addAttribute("operator", operator);
	}

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@GetMapping("/")
	String overview(@RequestParam(defaultValue = "false") boolean exact, Model model) {
		Map<String, List<StatusFigure>> sections = new LinkedHashMap<>();
		this.figures.figures(exact)
			.forEach((f) -> sections.computeIfAbsent(f.section(), (s) -> new ArrayList<>()).add(f));
		// system health: the archive's figures; compliance: every other job's
		List<StatusFigure> health = sections.getOrDefault("archive-bookings", List.of());
		sections.remove("archive-bookings");
		// one today for every figure of the page, from the application's clock
		LocalDate today = LocalDate.now(this.clock);
		model.addAttribute("exact", exact);
		model.addAttribute("health", health);
		model.addAttribute("failedDays", FAILED_DAYS);
		model.addAttribute("failed", this.reads.failedSince(today.minusDays(FAILED_DAYS)));
		model.addAttribute("failedFrom", today.minusDays(FAILED_DAYS));
		model.addAttribute("running", this.reads.running());
		List<Map<String, Object>> performance = new ArrayList<>();
		this.reads.nights(NIGHTS, today).values().forEach((nights) -> {
			Map<String, Object> job = new LinkedHashMap<>();
			job.put("job", nights.job());
			job.put("executions", nights.executions());
			job.put("failed", nights.failed());
			job.put("rows", nights.totalRows());
			job.put("seconds", String.format(Locale.ROOT, "%.1f", nights.totalSeconds()));
			job.put("rowsPerSecond", String.format(Locale.ROOT, "%.1f", nights.rowsPerSecond()));
			job.put("errorRate", String.format(Locale.ROOT, "%.1f", nights.errorRate()));
			job.put("svg", NightsChart.svg(nights));
			performance.add(job);
		});
		model.addAttribute("nights", NIGHTS);
		model.addAttribute("performance", performance);
		model.addAttribute("compliance", sections);
		boolean verify = this.catalog.specs().stream().anyMatch((s) -> s.name().equals("verify-integrity"));
		model.addAttribute("verify", verify);
		model.addAttribute("findings", verify ? this.reads.integrityFindings() : List.of());
		model.addAttribute("coverage", verify ? this.reads.integrityCoverage() : null);
		boolean purge = this.catalog.specs().stream().anyMatch((s) -> s.name().equals("purge-retention"));
		model.addAttribute("purge", purge);
		model.addAttribute("holds", purge ? this.reads.activeLegalHolds(today) : 0);
		return "overview";
	}

	@GetMapping("/executions")
	String executions(@RequestParam(required = false) String job, @RequestParam(required = false) String status,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "25") int size, Model model) {
		String wantedJob = (job == null || job.isBlank()) ? null : job;
		String wantedStatus = (status == null || status.isBlank()) ? null : status.toUpperCase(Locale.ROOT);
		OpsReads.ExecutionFilter filter = new OpsReads.ExecutionFilter(wantedJob, wantedStatus, from, to,
				Math.max(0, page), Math.min(Math.max(1, size), OpsReads.MAX_PAGE_SIZE));
		model.addAttribute("filter", filter);
		model.addAttribute("result", this.reads.executions(filter));
		model.addAttribute("jobs", jobNames());
		model.addAttribute("statuses",
				List.of("STARTING", "STARTED", "STOPPING", "STOPPED", "FAILED", "COMPLETED", "ABANDONED", "UNKNOWN"));
		return "executions";
	}

	@GetMapping("/executions/{id}")
	String execution(@PathVariable long id, Model model) {
		JobExecution execution = this.operations.find(id);
		model.addAttribute("execution", execution);
		model.addAttribute("job", execution.getJobInstance().getJobName());
		model.addAttribute("guestJob", isGuestJob(execution.getJobInstance().getJobName()));
		model.addAttribute("parameters", JobOperations.identity(execution.getJobParameters()));
		model.addAttribute("allParameters",
				execution.getJobParameters()
					.parameters()
					.stream()
					.map((p) -> p.name() + "=" + p.value())
					.sorted()
					.collect(Collectors.joining(" ")));
		List<Map<String, Object>> steps = new ArrayList<>();
		execution.getStepExecutions().stream().sorted(Comparator.comparing(StepExecution::getId)).forEach((step) -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("name", step.getStepName());
			row.put("status", step.getStatus().toString());
			row.put("read", step.getReadCount());
			row.put("written", step.getWriteCount());
			row.put("filtered", step.getFilterCount());
			row.put("skipped", step.getSkipCount());
			row.put("commits", step.getCommitCount());
			row.put("rollbacks", step.getRollbackCount());
			row.put("started", OpsReads.time(step.getStartTime()));
			row.put("ended", OpsReads.time(step.getEndTime()));
			row.put("description", firstLine(step.getExitStatus().getExitDescription()));
			steps.add(row);
		});
		model.addAttribute("steps", steps);
		model.addAttribute("started", OpsReads.time(execution.getStartTime()));
		model.addAttribute("ended", OpsReads.time(execution.getEndTime()));
		// the repository keeps the failure as the exit description (a stack trace): its
		// first line (a failed step's starts with the database's own message), on the job
		// or else on its first failed step
		String failure = firstLine(execution.getExitStatus().getExitDescription());
		if (failure.isBlank()) {
			failure = execution.getStepExecutions()
				.stream()
				.sorted(Comparator.comparing(StepExecution::getId))
				.filter((step) -> step.getStatus() == BatchStatus.FAILED)
				.map((step) -> firstLine(step.getExitStatus().getExitDescription()))
				.filter((line) -> !line.isBlank())
				.findFirst()
				.orElse("");
		}
		model.addAttribute("failure", failure.isBlank() ? null : failure);
		model.addAttribute("summary", this.operations.evidence(execution));
		model.addAttribute("owner", this.operations.ownerOf(id).orElse("not recorded"));
		model.addAttribute("actions", this.operations.actions(id));
		model.addAttribute("chain", this.reads.restartChain(id));
		return "execution";
	}

	@GetMapping("/schedules")
	String schedules(Model model) {
		model.addAttribute("triggers", this.triggers.states());
		return "schedules";
	}

	@GetMapping("/run")
	String runForm(@RequestParam(required = false) String job, Model model) {
		model.addAttribute("jobs", offered());
		model.addAttribute("selected", job);
		return "run";
	}

	@PostMapping("/executions/{id}/{action}")
	String act(@PathVariable long id, @PathVariable String action,
			@RequestParam(defaultValue = "false") boolean confirmed,
			@RequestParam(defaultValue = "false") boolean force, Authentication authentication, Model model,
			RedirectAttributes redirect) {
		if (!ACTIONS.contains(action)) {
			throw new BadUsageException(
					"Unknown action '" + action + "': allowed are restart, stop, abandon, recover.");
		}
		JobExecution execution = this.operations.find(id);
		String job = execution.getJobInstance().getJobName();
		if (isGuestJob(job)) {
			// a guest's request is held by the operator who runs it: a restart here would
			// write an export on the daemon's host, or erase without that operator
			throw new BadUsageException("Execution " + id + " is of " + job + ", a job run on a guest's request:"
					+ " it is started and continued only with the CLI, by the operator who holds the request,"
					+ " never from the web page. Use the CLI: `" + action + " " + id + "`.");
		}
		if ("restart".equals(action)) {
			execution = this.operations.restartable(id);
		}
		if (!confirmed) {
			model.addAttribute("what", action + " execution " + id + " of " + job + " (" + execution.getStatus() + ")"
					+ ("recover".equals(action) && force ? ", forced" : ""));
			model.addAttribute("action", "/executions/" + id + "/" + action);
			model.addAttribute("fields", Map.of("force", String.valueOf(force)));
			return "confirm";
		}
		String actor = actor(authentication);
		switch (action) {
			case "restart" -> {
				this.actions
					.execute(() -> background("restart of execution " + id, () -> this.operations.restart(id, actor)));
				redirect.addFlashAttribute("message", "Restart of execution " + id + " of " + job
						+ " started; it appears below as a new execution of the same instance.");
				return "redirect:/executions?job=" + job;
			}
			case "stop" -> this.operations.stop(id, actor);
			case "abandon" -> this.operations.abandon(id, actor);
			default -> this.operations.recover(id, force, actor);
		}
		redirect.addFlashAttribute("message", "Execution " + id + " of " + job + ": " + action + " done.");
		return "redirect:/executions/" + id;
	}

	@PostMapping("/run")
	String run(@RequestParam String job, @RequestParam(defaultValue = "") String parameters,
			@RequestParam(defaultValue = "false") boolean dryRun,
			@RequestParam(defaultValue = "false") boolean confirmed, Authentication authentication, Model model,
			RedirectAttributes redirect) {
		LifecycleJobSpec spec = this.catalog.spec(job);
		if (!isOffered(spec)) {
			throw new BadUsageException("Job " + job + " takes a guest's identity or writes a guest's data:"
					+ " it is not run from the web page; use the CLI (`run " + job + " ...`).");
		}
		List<String> arguments = Arrays.stream(parameters.split("[\\s]+")).filter((a) -> !a.isBlank()).toList();
		// exactly the CLI's validation: a bad value is refused here, nothing starts
		JobParameters validated = this.operations.parameters(job, arguments, dryRun);
		if (!confirmed) {
			model.addAttribute("what", "run " + job + " with " + JobOperations.identity(validated)
					+ (arguments.isEmpty() ? "" : " (" + String.join(" ", arguments) + ")"));
			model.addAttribute("action", "/run");
			model.addAttribute("fields",
					Map.of("job", job, "parameters", parameters, "dryRun", String.valueOf(dryRun)));
			return "confirm";
		}
		String actor = actor(authentication);
		this.actions.execute(() -> background("run of " + job, () -> this.operations.run(job, validated, actor)));
		redirect.addFlashAttribute("message",
				"Run of " + job + " with " + JobOperations.identity(validated) + " started.");
		return "redirect:/executions?job=" + job;
	}

	@PostMapping("/schedules/{chain}/{action}")
	String trigger(@PathVariable String chain, @PathVariable String action,
			@RequestParam(defaultValue = "false") boolean confirmed, Authentication authentication, Model model,
			RedirectAttributes redirect) {
		if (!"pause".equals(action) && !"resume".equals(action)) {
			throw new BadUsageException("Unknown action '" + action + "': allowed are pause, resume.");
		}
		if (!confirmed) {
			model.addAttribute("what", action + " the trigger of " + chain);
			model.addAttribute("action", "/schedules/" + chain + "/" + action);
			model.addAttribute("fields", Map.of());
			return "confirm";
		}
		if ("pause".equals(action)) {
			this.triggers.pause(chain, actor(authentication));
		}
		else {
			this.triggers.resume(chain, actor(authentication));
		}
		redirect.addFlashAttribute("message", "Trigger of " + chain + ": " + action + " done.");
		return "redirect:/schedules";
	}

	@ExceptionHandler(BadUsageException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String badUsage(BadUsageException ex, Model model) {
		model.addAttribute("error", ex.getMessage());
		return "message";
	}

	@ExceptionHandler({ NothingToDoException.class, IllegalStateException.class })
	@ResponseStatus(HttpStatus.CONFLICT)
	String refused(RuntimeException ex, Model model) {
		model.addAttribute("error", ex.getMessage());
		return "message";
	}

	private static String actor(Authentication authentication) {
		return authentication.getName() + " (web page)";
	}

	private void background(String what, Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			logger.warn("The web page's {} ended with: {}", what, ex.getMessage());
		}
	}

	private List<String> jobNames() {
		return this.catalog.specs().stream().map(LifecycleJobSpec::name).sorted().toList();
	}

	/**
	 * Whether a job is one the page does not offer (see {@link #isOffered}): its
	 * executions are shown, never acted on. A job this build does not know is not.
	 */
	private boolean isGuestJob(String job) {
		return this.catalog.specs().stream().anyMatch((spec) -> spec.name().equals(job) && !isOffered(spec));
	}

	private List<LifecycleJobSpec> offered() {
		return this.catalog.specs().stream().filter(OpsPageController::isOffered).toList();
	}

	/**
	 * Whether the page offers a job: not one run on request for a guest, none whose
	 * parameters name a guest or write a guest's data to a file.
	 */
	static boolean isOffered(LifecycleJobSpec spec) {
		return spec.kind() != JobKind.ON_REQUEST
				&& spec.parameters().stream().noneMatch((p) -> GUEST_TYPES.contains(p.type()));
	}

	private static String firstLine(String text) {
		if (text == null) {
			return "";
		}
		int newline = text.indexOf('\n');
		String line = (newline < 0) ? text : text.substring(0, newline);
		return (line.length() > 1000) ? line.substring(0, 1000) + "..." : line;
	}

}
