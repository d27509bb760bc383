namespace FirewallGateway.Adapters.RouterOs.Tests;

public sealed class RouterOsTimeTests
{
    [Theory]
    [InlineData(1, "1s")]
    [InlineData(60, "1m")]
    [InlineData(86_400, "1d")]
    [InlineData(93_784, "1d2h3m4s")]
    [InlineData(788_645, "1w2d3h4m5s")]
    [InlineData(21_474_836, "35w3d13h13m56s")]
    public void Format_WholeSeconds_UsesUnits(long seconds, string expected)
    {
        Assert.Equal(expected, RouterOsTime.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Format_FractionOrZero_RoundsUpToAWholeSecond()
    {
        Assert.Equal("2s", RouterOsTime.Format(TimeSpan.FromMilliseconds(1001)));
        Assert.Equal("1s", RouterOsTime.Format(TimeSpan.Zero));
        Assert.Equal("1s", RouterOsTime.Format(TimeSpan.FromSeconds(-5)));
    }

    [Theory]
    [InlineData("23h59m41s", 86_381_000)]
    [InlineData("1w2d3h4m5s", 788_645_000)]
    [InlineData("1d23:59:58", 172_798_000)]
    [InlineData("00:05:00", 300_000)]
    [InlineData("500ms", 500)]
    [InlineData("1s500ms", 1500)]
    [InlineData("300", 300_000)]
    public void TryParse_V6AndV7Forms_GivesDuration(string text, long milliseconds)
    {
        Assert.True(RouterOsTime.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1x")]
    [InlineData("h")]
    [InlineData("1:2")]
    public void TryParse_Malformed_IsFalse(string? text)
    {
        Assert.False(RouterOsTime.TryParse(text, out _));
    }
}
