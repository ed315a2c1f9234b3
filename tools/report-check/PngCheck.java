import java.awt.image.BufferedImage;
import java.io.File;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Checks that a rendered report is not blank: enough distinct colours and enough ink. With a
 * second argument, also writes a copy cropped to the content (trailing white rows removed), as
 * the images in docs/ are.
 *
 * <p>Run with the single-file source launcher: {@code java PngCheck.java page.png [cropped.png]}.
 * Exit code 0 when the page passes, 1 when it does not, 2 when it cannot be read.
 */
public final class PngCheck {
  /** A blank or error page has a handful of colours; a report with charts has hundreds. */
  static final int MIN_COLOURS = 32;
  /** Fraction of pixels that are not (near) white; text and charts give well over 2%. */
  static final double MIN_INK = 0.02;

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: java PngCheck.java page.png [cropped.png]");
      System.exit(2);
    }
    BufferedImage image = ImageIO.read(new File(args[0]));
    if (image == null) {
      System.err.println(args[0] + ": not a readable image");
      System.exit(2);
    }
    int w = image.getWidth();
    int h = image.getHeight();
    Set<Integer> colours = new HashSet<>();
    long ink = 0;
    int lastInkRow = -1;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        if (r < 235 || g < 235 || b < 235) {
          ink++;
          lastInkRow = y;
        }
      }
    }
    double inkFraction = (double) ink / ((double) w * h);
    // Ink over the content only: a long page screenshot has white space below the footer.
    int contentRows = Math.max(1, lastInkRow + 1);
    double contentInk = (double) ink / ((double) w * contentRows);
    boolean ok = colours.size() >= MIN_COLOURS && contentInk >= MIN_INK;
    System.out.printf(
        "%s: %dx%d, %d colours, ink %.1f%% of the page, %.1f%% of the content -> %s%n",
        args[0], w, h, colours.size(), 100 * inkFraction, 100 * contentInk, ok ? "ok" : "BLANK");
    if (args.length > 1 && lastInkRow >= 0) {
      int keep = Math.min(h, lastInkRow + 1 + 24);
      ImageIO.write(image.getSubimage(0, 0, w, keep), "png", new File(args[1]));
    }
    System.exit(ok ? 0 : 1);
  }
}
