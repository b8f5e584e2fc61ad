package org.bookinglifecycle.cli;

import org.bookinglifecycle.kit.ExtraCommand;
import org.bookinglifecycle.kit.OpsOutput;
import org.bookinglifecycle.operations.LifecycleRuntime;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * The commands job packages add ({@link ExtraCommand}): found on the classpath (class
 * metadata only: no Spring context, no database), each given the database options every
 * command takes, and run on the runtime those options open. The CLI names none of them.
 */
final class ExtraCommands {

	private static final String DATABASE = "database";

	private ExtraCommands() {
	}

	/**
	 * Add every extra command to the command line, and run them when chosen.
	 * @param root the command line
	 */
	static void register(CommandLine root) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AssignableTypeFilter(ExtraCommand.class));
		for (BeanDefinition candidate : scanner.findCandidateComponents("org.bookinglifecycle")) {
			CommandSpec spec = CommandSpec.forAnnotatedObject(instantiate(candidate.getBeanClassName()));
			spec.addMixin(DATABASE, CommandSpec.forAnnotatedObject(new DatabaseOptions()));
			root.addSubcommand(spec.name(), new CommandLine(spec));
		}
		CommandLine.IExecutionStrategy standard = new CommandLine.RunLast();
		root.setExecutionStrategy((parseResult) -> {
			ParseResult last = parseResult;
			boolean help = last.isUsageHelpRequested() || last.isVersionHelpRequested();
			while (last.hasSubcommand()) {
				last = last.subcommand();
				help |= last.isUsageHelpRequested() || last.isVersionHelpRequested();
			}
			CommandLine chosen = last.commandSpec().commandLine();
			if (!(chosen.getCommand() instanceof ExtraCommand command) || help) {
				return standard.execute(parseResult);
			}
			DatabaseOptions options = (DatabaseOptions) last.commandSpec().mixins().get(DATABASE).userObject();
			Console console = new Console(chosen.getOut(), chosen.getErr());
			try (LifecycleRuntime runtime = new LifecycleRuntime(options.choice())) {
				return command.run(new ExtraCommand.Context() {
					@Override
					public <T> T bean(Class<T> type) {
						return runtime.bean(type);
					}

					@Override
					public OpsOutput out() {
						return console;
					}
				});
			}
			catch (RuntimeException ex) {
				throw new CommandLine.ExecutionException(chosen, ex.getMessage(), ex);
			}
		});
	}

	private static Object instantiate(String className) {
		try {
			return Class.forName(className).getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("The command " + className + " needs a public no-argument constructor", ex);
		}
	}

}
