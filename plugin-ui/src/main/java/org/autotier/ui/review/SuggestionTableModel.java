package org.autotier.ui.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.swing.table.AbstractTableModel;
import org.autotier.model.suggest.Flag;
import org.autotier.model.suggest.Suggestion;
import org.autotier.model.suggest.SuggestionTiers;

/**
 * The rows of the review panel: suggestions in review order (flagged first, then least
 * confident), so a reviewer spends their time where the model is least sure.
 */
public final class SuggestionTableModel extends AbstractTableModel {
    private static final long serialVersionUID = 1L;
    private static final String[] COLUMNS = {"Start", "End", "Label", "Confidence", "Flags", "Review", "Distribution"};
    private static final Comparator<SuggestionTiers.Placed> ORDER =
            Comparator.comparing(SuggestionTiers.Placed::suggestion, Suggestion.REVIEW_PRIORITY);

    private final List<SuggestionTiers.Placed> rows = new ArrayList<>();

    /** Replaces the rows, ordering them by {@link Suggestion#REVIEW_PRIORITY}. */
    public void setSuggestions(List<Suggestion> suggestions) {
        setPlaced(suggestions.stream().map(s -> new SuggestionTiers.Placed(s, null, Map.of())).toList());
    }

    /** Replaces the rows with suggestions read from a document, in review order. */
    public void setPlaced(List<SuggestionTiers.Placed> placed) {
        rows.clear();
        rows.addAll(placed);
        rows.sort(ORDER);
        fireTableDataChanged();
    }

    public Suggestion suggestionAt(int row) {
        return rows.get(row).suggestion();
    }

    public SuggestionTiers.Placed placedAt(int row) {
        return rows.get(row);
    }

    /** Replaces one row in place (after a review decision); the order is kept until the next refresh. */
    public void update(int row, SuggestionTiers.Placed changed) {
        rows.set(row, changed);
        fireTableRowsUpdated(row, row);
    }

    /** Replaces one row's suggestion, keeping its annotation IDs. */
    public void update(int row, Suggestion changed) {
        SuggestionTiers.Placed p = rows.get(row);
        update(row, new SuggestionTiers.Placed(changed, p.segmentAnnotationId(), p.childAnnotationIds()));
    }

    @Override
    public int getRowCount() {
        return rows.size();
    }

    @Override
    public int getColumnCount() {
        return COLUMNS.length;
    }

    @Override
    public String getColumnName(int column) {
        return COLUMNS[column];
    }

    @Override
    public Object getValueAt(int row, int column) {
        Suggestion s = rows.get(row).suggestion();
        return switch (column) {
            case 0 -> seconds(s.segment().startMs());
            case 1 -> seconds(s.segment().endMs());
            case 2 -> s.label();
            case 3 -> String.format(Locale.ROOT, "%.2f", s.confidence());
            case 4 -> s.flags().stream().map(Flag::name).sorted().collect(Collectors.joining(" "));
            case 5 -> s.review().value();
            case 6 -> s.distribution().probabilities().entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(3)
                    .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
            default -> throw new IndexOutOfBoundsException(column);
        };
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }
}
