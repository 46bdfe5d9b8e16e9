// Runs Jena's `shacl validate` command (the class shacl.shacl_validate of jena-cmds) once
// per data file, all in one JVM: a JVM per file costs about 1.5 s of CPU to start Jena,
// and the command takes one data file per run. tests/test_jena.py starts it with Java's
// single-file source launcher (a JDK):
//
//   java -cp <Jena's jars> ShaclBatch.java SHAPES DATA_1 REPORT_1 [DATA_2 REPORT_2 ...]
//
// Each REPORT gets what the command prints for DATA (a SHACL report in Turtle). The command
// ends the JVM on an error (exit code 2); the reports not written then show where it
// stopped. Each data file's name goes to stderr before its run.

import java.io.FileOutputStream;
import java.io.PrintStream;

public class ShaclBatch {
    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length % 2 == 0) {
            System.err.println("usage: ShaclBatch SHAPES DATA REPORT [DATA REPORT ...]");
            System.exit(2);
        }
        String shapes = args[0];
        PrintStream stdout = System.out;
        for (int i = 1; i < args.length; i += 2) {
            System.err.println("data: " + args[i]);
            try (PrintStream report = new PrintStream(new FileOutputStream(args[i + 1]), true, "UTF-8")) {
                System.setOut(report);
                shacl.shacl_validate.main(new String[] {"--shapes", shapes, "--data", args[i]});
            } finally {
                System.setOut(stdout);
            }
        }
    }
}
