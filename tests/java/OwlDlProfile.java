import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.RDFDocumentFormat;
import org.semanticweb.owlapi.io.RDFOntologyHeaderStatus;
import org.semanticweb.owlapi.io.RDFTriple;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

/**
 * Checks one RDF file against the OWL 2 DL profile with the OWL API's profile checker.
 *
 * Prints one line per problem: each profile violation, and each triple the OWL API could
 * not map to OWL (such triples put a graph outside OWL 2 DL too, and the profile checker
 * alone would not see them). The last line is "problems: N". Exit code 0 whether or not
 * there are problems; the caller reads the count. Used by tests/test_owl.py.
 */
public final class OwlDlProfile {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java OwlDlProfile FILE");
            System.exit(2);
        }
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        List<String> problems = new ArrayList<>();
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            problems.add("violation: " + violation.getClass().getSimpleName() + ": "
                + violation.toString().replaceAll("\\s+", " "));
        }
        OWLDocumentFormat format = manager.getOntologyFormat(ontology);
        if (format instanceof RDFDocumentFormat) {
            ((RDFDocumentFormat) format).getOntologyLoaderMetaData().ifPresent(meta -> {
                meta.getUnparsedTriples().forEach(
                    (RDFTriple triple) -> problems.add("unparsed triple: " + triple));
                if (meta.getHeaderState() == RDFOntologyHeaderStatus.PARSED_MULTIPLE_HEADERS) {
                    problems.add("more than one owl:Ontology header");
                }
            });
        }
        for (String problem : problems) {
            System.out.println(problem);
        }
        System.out.println("axioms: " + ontology.getAxiomCount());
        System.out.println("problems: " + problems.size());
    }
}
