package org.autotier.ui.review;

import java.awt.BorderLayout;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.util.ArrayList;
import java.util.List;
import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JMenuItem;
import javax.swing.JPanel;
import javax.swing.JPopupMenu;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.KeyStroke;
import javax.swing.ListSelectionModel;
import org.autotier.core.api.AnnotationHost;
import org.autotier.model.eaf.ControlledVocabulary;
import org.autotier.model.eaf.CvEntry;
import org.autotier.model.eaf.EafDocument;
import org.autotier.model.suggest.ReviewState;
import org.autotier.model.suggest.Suggestion;
import org.autotier.model.suggest.SuggestionTiers;

/**
 * Reviews autotier's suggestions in the host's open document, least certain first. Selecting a
 * row seeks the host's media to the segment; keys decide: A accept, R reject, 1-9 correct to the
 * n-th label of the emotion vocabulary, C pick the correct label from a menu. Each decision is
 * written to {@code autotier-review} (and {@code autotier-emotion} for corrections) and handed to
 * the host with {@link AnnotationHost#replaceDocument}.
 */
public final class ReviewPanel extends JPanel {
    private static final long serialVersionUID = 1L;

    private final transient AnnotationHost host;
    private final SuggestionTableModel model = new SuggestionTableModel();
    private final JTable table = new JTable(model);
    private final AttentionHeatmap heatmap = new AttentionHeatmap();
    private final JLabel status = new JLabel(" ");
    private transient ReviewEvidence evidence = ReviewEvidence.none();
    private List<String> labels = List.of();

    public ReviewPanel(AnnotationHost host) {
        super(new BorderLayout(4, 4));
        this.host = host;
        table.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        table.setAutoCreateRowSorter(false); // the order is the review priority
        table.getSelectionModel().addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) {
                selected();
            }
        });
        JPanel south = new JPanel(new BorderLayout(2, 2));
        heatmap.setBorder(BorderFactory.createTitledBorder("Cross-modal evidence of the selected segment"));
        south.add(heatmap, BorderLayout.CENTER);
        south.add(status, BorderLayout.SOUTH);
        add(new JLabel("Suggestions, least certain first. A accept · R reject · 1-9 or C correct"),
                BorderLayout.NORTH);
        add(new JScrollPane(table), BorderLayout.CENTER);
        add(south, BorderLayout.SOUTH);
        bind(KeyEvent.VK_A, "accept", () -> decide(ReviewState.ACCEPTED, null));
        bind(KeyEvent.VK_R, "reject", () -> decide(ReviewState.REJECTED, null));
        bind(KeyEvent.VK_C, "choose", this::chooseLabel);
        for (int i = 1; i <= 9; i++) {
            int index = i - 1;
            bind(KeyEvent.VK_0 + i, "correct" + i, () -> correctTo(index));
        }
        refresh();
    }

    private void bind(int key, String name, Runnable action) {
        getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).put(KeyStroke.getKeyStroke(key, 0), name);
        table.getInputMap(JComponent.WHEN_FOCUSED).put(KeyStroke.getKeyStroke(key, 0), name);
        AbstractAction a = new AbstractAction(name) {
            private static final long serialVersionUID = 1L;

            @Override
            public void actionPerformed(ActionEvent e) {
                action.run();
            }
        };
        getActionMap().put(name, a);
        table.getActionMap().put(name, a);
    }

    /** Reloads the suggestions from the host's document. */
    public void refresh() {
        EafDocument doc = host.document();
        labels = doc.controlledVocabulary(SuggestionTiers.EMOTION).map(ReviewPanel::values).orElse(List.of());
        evidence = host.documentPath().map(ReviewEvidence::forDocument).orElse(ReviewEvidence.none());
        model.setPlaced(SuggestionTiers.readPlaced(doc));
        if (model.getRowCount() > 0) {
            table.setRowSelectionInterval(0, 0);
        }
        status.setText(model.getRowCount() + " suggestion(s); labels: " + String.join(", ", labels));
    }

    private static List<String> values(ControlledVocabulary cv) {
        List<String> out = new ArrayList<>();
        for (CvEntry e : cv.entries()) {
            out.add(e.values().get(0).value());
        }
        return out;
    }

    public JTable table() {
        return table;
    }

    public List<String> labels() {
        return labels;
    }

    private void selected() {
        int row = table.getSelectedRow();
        if (row < 0) {
            heatmap.show(null);
            return;
        }
        Suggestion s = model.suggestionAt(row);
        host.seek(s.segment().startMs());
        heatmap.show(evidence.forSegment(s.segment().startMs()).orElse(null));
    }

    /** Corrects the selected suggestion to the label at {@code index} of the emotion vocabulary. */
    public void correctTo(int index) {
        if (index >= 0 && index < labels.size()) {
            decide(ReviewState.CORRECTED, labels.get(index));
        }
    }

    private void chooseLabel() {
        int row = table.getSelectedRow();
        if (row < 0 || labels.isEmpty()) {
            return;
        }
        JPopupMenu menu = new JPopupMenu("Correct to");
        for (int i = 0; i < labels.size(); i++) {
            int index = i;
            JMenuItem item = new JMenuItem((i < 9 ? (i + 1) + "  " : "   ") + labels.get(i));
            item.addActionListener(e -> correctTo(index));
            menu.add(item);
        }
        java.awt.Rectangle r = table.getCellRect(row, 2, true);
        menu.show(table, r.x, r.y + r.height);
    }

    /**
     * Records a decision on the selected row and moves to the next one.
     *
     * @param label the corrected label, or null to keep it
     */
    public void decide(ReviewState state, String label) {
        int row = table.getSelectedRow();
        if (row < 0) {
            return;
        }
        SuggestionTiers.Placed p = model.placedAt(row);
        EafDocument changed = SuggestionTiers.review(host.document(), p, state, label);
        List<String> tiers = label == null ? List.of(SuggestionTiers.REVIEW)
                : List.of(SuggestionTiers.REVIEW, SuggestionTiers.EMOTION);
        host.replaceDocument(changed, tiers);
        Suggestion s = p.suggestion();
        model.update(row, s.withReview(state, label == null ? s.label() : label));
        status.setText(String.format(java.util.Locale.ROOT, "%.3f s: %s%s", s.segment().startMs() / 1000.0,
                state.value(), label == null ? "" : " as " + label));
        if (row + 1 < model.getRowCount()) {
            table.setRowSelectionInterval(row + 1, row + 1);
        }
    }
}
