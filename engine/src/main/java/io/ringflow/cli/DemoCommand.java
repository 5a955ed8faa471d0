package io.ringflow.cli;

import io.ringflow.demo.DemoOptions;
import io.ringflow.demo.TradesDemo;

import java.io.PrintStream;
import java.util.List;

/** {@code ringflow demo}: the demo job. */
final class DemoCommand implements Command {
    @Override
    public String usage() {
        return DemoOptions.USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return TradesDemo.run(options, out);
    }
}
