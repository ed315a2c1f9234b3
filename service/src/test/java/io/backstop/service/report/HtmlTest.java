package io.backstop.service.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void escapesTheFiveXmlCharacters() {
    assertEquals(
        "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp;&lt;/a&gt;",
        Html.escape("<a href=\"x\">Tom's &</a>"));
    assertEquals("", Html.escape(null));
    assertEquals("a\uFFFDb", Html.escape("a\u0000b"));
  }

  @Test
  void shortDollarsRoundIntoTheNextUnit() {
    assertEquals("$1M", Html.usdShort(999_999));
    assertEquals("$350k", Html.usdShort(350_000));
    assertEquals("$1.58M", Html.usdShort(1_584_893));
    assertEquals("-$2.5B", Html.usdShort(-2.5e9));
    assertEquals("$12.5", Html.usdShort(12.5));
  }

  @Test
  void wholeDollars() {
    assertEquals("$1,234,568", Html.usd(1_234_567.6));
    assertEquals("-$5", Html.usd(-5));
    assertEquals("$0", Html.usd(-0.2));
  }
}
