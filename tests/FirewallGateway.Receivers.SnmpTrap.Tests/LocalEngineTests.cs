using FirewallGateway.Receivers.SnmpTrap.Security;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Receivers.SnmpTrap.Tests;

public sealed class LocalEngineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("snmp-traps-engine-").FullName;

    [Fact]
    public void Start_KeepsTheEngineIdAndRaisesBootsEveryTime()
    {
        var time = new FakeTimeProvider();

        var first = LocalEngine.Start(_folder, null, time);
        var second = LocalEngine.Start(_folder, null, time);

        Assert.Equal(1, first.Boots);
        Assert.Equal(2, second.Boots);
        Assert.Equal(first.EngineIdHex, second.EngineIdHex);
        Assert.Equal(17, first.EngineId.Length);
        Assert.Equal(0x80, first.EngineId[0]);
    }

    [Fact]
    public void Start_ConfiguredEngineId_WinsAndStartsBootsAgain()
    {
        var time = new FakeTimeProvider();
        LocalEngine.Start(_folder, null, time);
        LocalEngine.Start(_folder, null, time);

        var configured = LocalEngine.Start(_folder, [0x80, 0, 0, 0, 5, 1, 2, 3], time);

        Assert.Equal("8000000005010203", configured.EngineIdHex);
        Assert.Equal(1, configured.Boots);
        Assert.Equal(2, LocalEngine.Start(_folder, [0x80, 0, 0, 0, 5, 1, 2, 3], time).Boots);
    }

    [Fact]
    public void Time_CountsSecondsSinceStart()
    {
        var time = new FakeTimeProvider();
        var engine = LocalEngine.Start(_folder, null, time);

        time.Advance(TimeSpan.FromSeconds(151.5));

        Assert.Equal(151, engine.Time);
    }

    [Fact]
    public void Start_DamagedFile_StopsWithTheFileNamed()
    {
        File.WriteAllText(Path.Combine(_folder, LocalEngine.FileName), "not hex\n");

        var error = Assert.Throws<InvalidDataException>(() => LocalEngine.Start(_folder, null, new FakeTimeProvider()));

        Assert.Contains(LocalEngine.FileName, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0x8000000001020304", "8000000001020304")]
    [InlineData("80:00:00:00:01", "8000000001")]
    [InlineData("80 00 00 00 01", "8000000001")]
    public void TryParseHex_AcceptsTheUsualSpellings(string text, string expected)
    {
        Assert.True(LocalEngine.TryParseHex(text, out byte[] id));
        Assert.Equal(expected, Convert.ToHexString(id));
    }

    [Theory]
    [InlineData("80000000")]
    [InlineData("0x80")]
    [InlineData("800000000g")]
    [InlineData("")]
    public void TryParseHex_TooShortOrNotHex_IsRefused(string text)
    {
        Assert.False(LocalEngine.TryParseHex(text, out _));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
