package io.parley.desktop.app;

import javafx.application.Platform;

import java.awt.AWTException;
import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Parley's icon in the system tray, with the unread count on it, where the desktop has a tray
 * (Windows, macOS's menu bar, most Linux desktops; not a bare X server). Clicking it brings the
 * window forward. AWT runs on its own thread: every tray call goes through its event queue.
 */
public final class TrayBadge implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TrayBadge.class.getName());
    private static final int SIZE = 64;

    private final TrayIcon icon;

    private TrayBadge(TrayIcon icon) {
        this.icon = icon;
    }

    /** The tray icon, or empty where the desktop has no tray; {@code onClick} runs on the FX thread. */
    public static Optional<TrayBadge> install(Runnable onClick) {
        try {
            if (!SystemTray.isSupported()) {
                return Optional.empty();
            }
            TrayIcon icon = new TrayIcon(render(0), "Parley");
            icon.setImageAutoSize(true);
            icon.addActionListener(e -> Platform.runLater(onClick));
            SystemTray.getSystemTray().add(icon);
            return Optional.of(new TrayBadge(icon));
        } catch (AWTException | UnsupportedOperationException | SecurityException e) {
            LOG.fine("No tray icon: " + e.getMessage());
            return Optional.empty();
        }
    }

    public void show(int unread) {
        EventQueue.invokeLater(() -> {
            icon.setImage(render(unread));
            icon.setToolTip(unread == 0 ? "Parley" : "Parley — " + unread + " unread");
        });
    }

    @Override
    public void close() {
        EventQueue.invokeLater(() -> SystemTray.getSystemTray().remove(icon));
    }

    /** Parley's speech bubble, with a red badge carrying {@code unread} (99+ past 99) when there are any. */
    static BufferedImage render(int unread) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0x25, 0xD3, 0x66));
            g.fillRoundRect(4, 8, 50, 40, 18, 18);
            g.fillPolygon(new int[]{14, 26, 12}, new int[]{44, 44, 58}, 3);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 28));
            g.drawString("P", 20, 39);
            if (unread > 0) {
                String text = unread > 99 ? "99+" : Integer.toString(unread);
                g.setColor(new Color(0xD1, 0x24, 0x2F));
                g.fillOval(SIZE - 34, 0, 34, 34);
                g.setColor(Color.WHITE);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, text.length() > 2 ? 13 : 18));
                FontMetrics metrics = g.getFontMetrics();
                g.drawString(text, SIZE - 17 - metrics.stringWidth(text) / 2, 17 + metrics.getAscent() / 2 - 2);
            }
        } finally {
            g.dispose();
        }
        return image;
    }
}
