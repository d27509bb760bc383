using FirewallGateway.Core.Diagnostics;

namespace FirewallGateway.Core.Tests.Diagnostics;

public class PrintableTextTests
{
    [Fact]
    public void Escape_PlainText_SameInstance()
    {
        string text = "sshd: Failed password for root from 1.0.1.9 — ünïcode ok";
        Assert.Same(text, PrintableText.Escape(text));
    }

    [Theory]
    [InlineData("a\nb", @"a\nb")]
    [InlineData("a\r\nb", @"a\r\nb")]
    [InlineData("a\tb", @"a\tb")]
    [InlineData("\u001b[31mred", @"\e[31mred")]
    [InlineData("bell\u0007", @"bell\x07")]
    [InlineData("nul\0", @"nul\x00")]
    [InlineData("del\u007f", @"del\x7f")]
    [InlineData("csi\u009b2J", @"csi\x9b2J")]
    [InlineData("line\u2028sep", @"line\u2028sep")]
    [InlineData("bidi\u202eevil", @"bidi\u202eevil")]
    [InlineData("isolate\u2066x", @"isolate\u2066x")]
    public void Escape_ControlCharacters_VisibleEscapes(string text, string expected) =>
        Assert.Equal(expected, PrintableText.Escape(text));
}
