using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>
/// Manual locks on chosen targets through the real gateway and three RouterOS emulators: the others never hold
/// the address, unlock removes it where it was pushed, and unknown target names are refused.
/// </summary>
public sealed class TargetedLockTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private ThreeRouters _fleet = null!;

    public async Task InitializeAsync() => _fleet = await ThreeRouters.StartAsync();

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task Lock_OnOneTargetThroughTheApi_OthersNeverHoldItAndUnlockRemovesIt()
    {
        using var op = _fleet.Gateway.OperatorClient();
        using (var locked = await op.PostAsJsonAsync("api/v1/decisions", new { address = "1.0.120.1", duration = "2h", targets = new[] { "web1" } }))
        {
            Assert.Equal(HttpStatusCode.Created, locked.StatusCode);
        }

        using (var everywhere = await op.PostAsJsonAsync("api/v1/decisions", new { address = "1.0.120.2", duration = "2h" }))
        {
            Assert.Equal(HttpStatusCode.Created, everywhere.StatusCode);
        }

        // The fleet-wide lock made after it reaching every router shows the limited one had its chance to leak.
        await WaitUntilAsync(() => ThreeRouters.Names.All(n => _fleet.Held(n).Contains("1.0.120.2")), "the fleet-wide lock everywhere");
        await WaitUntilAsync(() => _fleet.Held("web1").Contains("1.0.120.1"), "the limited lock on web1");
        await Task.Delay(TimeSpan.FromSeconds(3)); // a reconcile round must not spread it either
        Assert.False(_fleet.EverHeld("edge", "1.0.120.1"));
        Assert.False(_fleet.EverHeld("honeypot", "1.0.120.1"));

        using (var why = JsonDocument.Parse(await op.GetStringAsync("api/v1/addresses/1.0.120.1")))
        {
            var edge = why.RootElement.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("target").GetString() == "edge");
            Assert.Equal("withheld", edge.GetProperty("state").GetString());
            Assert.Contains("locked it on other targets only", edge.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        using (var unlocked = await op.PostAsJsonAsync("api/v1/unlock", new { address = "1.0.120.1" }))
        {
            Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        }

        await WaitUntilAsync(() => !_fleet.Held("web1").Contains("1.0.120.1"), "the unlock on web1");
        Assert.All(ThreeRouters.Names, n => Assert.Contains("1.0.120.2", _fleet.Held(n)));
    }

    [Fact]
    public async Task Lock_OnTwoTargetsThroughTheCli_ThirdNeverHoldsIt_UnknownTargetRefused()
    {
        await CliAsync("lock", "1.0.121.1", "--target", "web1", "--target", "honeypot");
        await WaitUntilAsync(() => _fleet.Held("web1").Contains("1.0.121.1") && _fleet.Held("honeypot").Contains("1.0.121.1"), "the lock on web1 and honeypot");
        await CliAsync("lock", "1.0.121.2");
        await WaitUntilAsync(() => _fleet.Held("edge").Contains("1.0.121.2"), "a later fleet-wide lock on edge");
        Assert.False(_fleet.EverHeld("edge", "1.0.121.1"));
        Assert.Contains("withheld", await CliAsync("why", "1.0.121.1"), StringComparison.Ordinal);

        var refused = await FleetCli.RunAsync(_fleet.Gateway, "lock", "1.0.121.3", "--target", "nosuch");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("no configured target 'nosuch'", refused.StandardError, StringComparison.Ordinal);

        await CliAsync("unlock", "1.0.121.1");
        await WaitUntilAsync(() => !_fleet.Held("web1").Contains("1.0.121.1") && !_fleet.Held("honeypot").Contains("1.0.121.1"), "the unlock on both");
    }

    private async Task<string> CliAsync(params string[] arguments)
    {
        var result = await FleetCli.RunAsync(_fleet.Gateway, arguments);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', arguments)} exited {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        return result.StandardOutput;
    }

    private async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        try
        {
            await Eventually.WaitUntilAsync(() => Task.FromResult(condition()), Wait, what);
        }
        catch (TimeoutException ex)
        {
            string held = string.Join("; ", ThreeRouters.Names.Select(n => $"{n}: {string.Join(',', _fleet.Held(n).Order())}"));
            throw new InvalidOperationException($"{ex.Message}\nrouters hold {held}\n{_fleet.Gateway.Log}", ex);
        }
    }
}
