package io.parley.desktop.app;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;

class TrayBadgeTest {

    @Test
    void theBadgeShowsOnlyWhenSomethingIsUnread() {
        assertThat(redPixels(TrayBadge.render(0))).isZero();
        assertThat(redPixels(TrayBadge.render(3))).isGreaterThan(300);
        assertThat(redPixels(TrayBadge.render(1_000))).isGreaterThan(300);
    }

    private static int redPixels(BufferedImage image) {
        int red = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int argb = image.getRGB(x, y);
                if ((argb >>> 24) > 200 && ((argb >> 16) & 0xFF) > 180 && ((argb >> 8) & 0xFF) < 80) {
                    red++;
                }
            }
        }
        return red;
    }
}
