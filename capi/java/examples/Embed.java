import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.rubric.Diagnostic;
import org.rubric.Rubric;
import org.rubric.RubricException;
import org.rubric.Session;
import org.rubric.Standard;

/**
 * Scores the consortium example through the Java binding and prints the top 5 of the last
 * period. Run with tools/java-build.sh BUILD_DIR example, or by hand:
 *
 * <pre>
 * RUBRIC_LIBRARY=build/ci/capi/librubric.so java \
 *     -cp build/ci/java/rubric.jar:/usr/share/java/jna.jar:build/ci/java/example-classes Embed
 * </pre>
 *
 * The first argument, when given, is the folder of the checkout (default: the current one).
 */
public final class Embed {
  private Embed() {}

  public static void main(String[] args) {
    Path repo = Path.of(args.length > 0 ? args[0] : System.getProperty("rubric.repo", "."));
    Path example = repo.resolve("examples/consortium");
    System.out.println("librubric " + Rubric.versionString());
    try (Standard standard = Standard.compileFile(example.resolve("standard.rubric"));
        Session session = new Session(standard)) {
      System.out.printf("%s [%s, version %s]: %d inputs, %d groups and indicators, %d vetoes%n",
          standard.title(), standard.id(), standard.version(), standard.inputs().size(),
          standard.nodes().size(), standard.vetoes().size());
      for (Diagnostic warning : session.loadCsvFile(example.resolve("cities.csv"))) {
        System.err.println(warning);
      }

      long last = Long.MIN_VALUE;
      for (Session.Row row : session.rows()) {
        last = Math.max(last, row.period());
      }
      List<Session.Row> ranked = new ArrayList<>();
      for (Session.Row row : session.rows()) {
        if (row.period() == last && session.scorable(row.index())
            && session.total(row.index()).isPresent()) {
          ranked.add(row);
        }
      }
      ranked.sort(Comparator
          .comparingDouble((Session.Row r) -> -session.total(r.index()).getAsDouble())
          .thenComparing(Session.Row::entity));

      System.out.printf("%nRanking %d (top 5 of %d):%n", last, ranked.size());
      System.out.printf("%4s  %-8s %10s  %s%n", "rank", "entity", "total", "grade");
      for (int i = 0; i < Math.min(5, ranked.size()); i++) {
        int row = ranked.get(i).index();
        String vetoes = session.vetoed(row)
            ? "  (vetoed: " + String.join(", ", session.firedVetoes(row)) + ")" : "";
        System.out.printf("%4d  %-8s %10.4f  %s%s%n", i + 1, ranked.get(i).entity(),
            session.total(row).getAsDouble(), session.grade(row).orElse("-"), vetoes);
      }
    } catch (RubricException.CompileException | RubricException.DataException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }
}
