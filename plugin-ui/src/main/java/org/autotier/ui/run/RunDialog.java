package org.autotier.ui.run;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.SwingUtilities;
import org.autotier.core.api.AutoSuggestService;

/** Shows an auto-suggest job's progress with a Cancel button; closes itself when the job ends. */
public final class RunDialog extends JDialog {
    private static final long serialVersionUID = 1L;
    private final JProgressBar bar = new JProgressBar(0, 1000);

    public RunDialog(String title, String what, AutoSuggestService.Job job) {
        setTitle(title);
        setModal(false);
        setDefaultCloseOperation(DISPOSE_ON_CLOSE);
        JPanel p = new JPanel(new BorderLayout(8, 8));
        p.setBorder(BorderFactory.createEmptyBorder(12, 12, 12, 12));
        p.add(new JLabel(what), BorderLayout.NORTH);
        bar.setStringPainted(true);
        p.add(bar, BorderLayout.CENTER);
        JButton cancel = new JButton("Cancel");
        cancel.addActionListener(e -> {
            job.cancel();
            cancel.setEnabled(false);
            bar.setString("cancelling ...");
        });
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
        buttons.add(cancel);
        p.add(buttons, BorderLayout.SOUTH);
        setContentPane(p);
        pack();
        setSize(Math.max(getWidth(), 420), getHeight());
        job.result().whenComplete((r, e) -> SwingUtilities.invokeLater(this::dispose));
    }

    /** Thread-safe: called from the job's thread. */
    public void progress(double fraction) {
        SwingUtilities.invokeLater(() -> bar.setValue((int) Math.round(fraction * 1000)));
    }
}
