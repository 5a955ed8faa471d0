package io.ringflow.cli;

import io.ringflow.demo.DemoOptions;
import io.ringflow.demo.TradesDemo;

import java.util.Arrays;

/** The {@code ringflow} command: {@code demo}, {@code checkpoints}. */
public final class Main {
    private static final String USAGE = """
        usage: ringflow COMMAND [OPTIONS]
          demo          run the demo job (trades -> per-symbol volume and 1 s VWAP); ringflow demo --help
          checkpoints   list, show and verify checkpoints; ringflow checkpoints --help""";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "demo":
                    if (Arrays.asList(rest).contains("--help")) {
                        System.out.println(DemoOptions.USAGE);
                        return 0;
                    }
                    return TradesDemo.run(DemoOptions.parse(rest), System.out);
                case "checkpoints":
                    return io.ringflow.storage.cli.CheckpointsCli.run(rest, System.out, System.err);
                default:
                    System.err.println("ringflow: unknown command '" + args[0] + "'; see ringflow --help");
                    return 2;
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ringflow: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("ringflow: " + e);
            return 1;
        }
    }
}
