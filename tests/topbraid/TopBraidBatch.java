// Runs TopQuadrant's TopBraid SHACL API (the engine of the EU's ITB SHACL validator, which
// GovData's DCAT-AP.de validator is an instance of) over several data files in one JVM.
// tests/test_topbraid.py starts it with Java's single-file source launcher (a JDK):
//
//   java -cp <TopBraid's lib/*> TopBraidBatch.java SHAPES MERGE DATA_1 REPORT_1 [DATA_2 REPORT_2 ...]
//
// SHAPES is one RDF file of shapes. MERGE "merge" adds the shapes to each data graph first,
// as the ITB validator does (so that sh:class sees the classes the shapes' files declare);
// "separate" keeps them apart, as TopBraid's own command line (org.topbraid.shacl.tools.
// Validate) does. Both then call ValidationUtil.validateModel(data, shapes, false), and each
// REPORT gets the SHACL report in Turtle. Each data file's name goes to stderr before its run.

import java.io.FileOutputStream;
import java.io.OutputStream;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.topbraid.jenax.util.JenaUtil;
import org.topbraid.shacl.validation.ValidationUtil;

public class TopBraidBatch {
    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length % 2 != 0
                || !(args[1].equals("merge") || args[1].equals("separate"))) {
            System.err.println("usage: TopBraidBatch SHAPES merge|separate DATA REPORT [DATA REPORT ...]");
            System.exit(2);
        }
        Model shapes = JenaUtil.createMemoryModel();
        RDFDataMgr.read(shapes, args[0]);
        boolean merge = args[1].equals("merge");
        for (int i = 2; i < args.length; i += 2) {
            System.err.println("data: " + args[i]);
            Model data = JenaUtil.createMemoryModel();
            RDFDataMgr.read(data, args[i]);
            if (merge) {
                data.add(shapes);
            }
            Resource report = ValidationUtil.validateModel(data, shapes, false);
            try (OutputStream out = new FileOutputStream(args[i + 1])) {
                RDFDataMgr.write(out, report.getModel(), Lang.TURTLE);
            }
        }
    }
}
