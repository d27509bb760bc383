using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>
/// Registered servers that are also targets (RouterOS emulators named like the servers) through the real
/// gateway: a report-only server never receives a ban though its reports count, a capped server never holds
/// more than its maximum and holds the most reported addresses, and the "why" view says why one was withheld.
/// </summary>
public sealed class ServerDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private ThreeRouters _fleet = null!;

    public async Task InitializeAsync() => _fleet = await ThreeRouters.StartAsync();

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task ReportOnlyAndCapped_ThroughTheApi_HoneypotGetsNothingCappedHoldsMostReported()
    {
        string web1 = await _fleet.RegisterAsync(new { name = "web1", address = "1.0.100.1", maxAddresses = 3 });
        string honeypot = await _fleet.RegisterAsync(new { name = "honeypot", address = "1.0.100.2", active = false });
        using var webReporter = _fleet.Gateway.Client("web1", web1);
        using var honeypotReporter = _fleet.Gateway.Client("honeypot", honeypot);

        // The honeypot's reports count: every address it reports is banned on the other routers.
        var attackers = Enumerable.Range(1, 8).Select(i => $"1.0.101.{i}").ToList();
        foreach (string address in attackers)
        {
            await ThreeRouters.ReportAsync(honeypotReporter, address);
        }

        await ThreeRouters.ReportAsync(webReporter, "1.0.101.5");
        await ThreeRouters.ReportAsync(webReporter, "1.0.101.6");
        await ThreeRouters.ReportAsync(webReporter, "1.0.101.6");
        await WaitUntilAsync(() => _fleet.Held("edge").SetEquals(attackers), "all eight bans on edge");

        // Cap rule: most reported first (.6 three times, .5 twice), then the most recently seen (.8).
        await WaitUntilAsync(() => _fleet.Held("web1").SetEquals(["1.0.101.5", "1.0.101.6", "1.0.101.8"]), "the three most reported on web1");
        await Task.Delay(TimeSpan.FromSeconds(3)); // one more reconcile round must not change either server
        Assert.Empty(_fleet.Held("honeypot"));
        Assert.Equal(0, _fleet.MostHeld("honeypot"));
        Assert.InRange(_fleet.MostHeld("web1"), 1, 3);

        using var op = _fleet.Gateway.OperatorClient();
        using (var why = JsonDocument.Parse(await op.GetStringAsync("api/v1/addresses/1.0.101.1")))
        {
            var states = why.RootElement.GetProperty("targets").EnumerateArray()
                .ToDictionary(t => t.GetProperty("target").GetString()!, t => (t.GetProperty("state").GetString(), t.TryGetProperty("error", out var e) ? e.GetString() : null));
            Assert.Equal("applied", states["edge"].Item1);
            Assert.Equal(("withheld", "server honeypot is report-only"), states["honeypot"]);
            Assert.Equal("withheld", states["web1"].Item1);
            Assert.Contains("at most 3", states["web1"].Item2, StringComparison.Ordinal);
        }

        // The same router takes every ban once the server is switched to active: the zero above was a real zero.
        using (var patched = await op.PatchAsJsonAsync("api/v1/servers/honeypot", new { active = true }))
        {
            Assert.True(patched.IsSuccessStatusCode);
        }

        await WaitUntilAsync(() => _fleet.Held("honeypot").SetEquals(attackers), "all eight bans on the honeypot once active");
    }

    [Fact]
    public async Task ReportOnlyAndCapped_ThroughTheCli_LocksWithheldAndExplained()
    {
        await CliAsync("servers", "add", "honeypot", "--address", "1.0.102.1", "--report-only", "true");
        await CliAsync("servers", "add", "web1", "--address", "1.0.102.2", "--max-addresses", "2", "--ban-duration", "30m");
        var locked = Enumerable.Range(1, 4).Select(i => $"1.0.103.{i}").ToList();
        foreach (string address in locked)
        {
            await CliAsync("lock", address, "--duration", "2h");
        }

        await WaitUntilAsync(() => _fleet.Held("edge").SetEquals(locked), "four locks on edge");

        // Equal report counts: the most recently seen win.
        await WaitUntilAsync(() => _fleet.Held("web1").SetEquals(["1.0.103.3", "1.0.103.4"]), "the two newest locks on web1");
        Assert.Empty(_fleet.Held("honeypot"));
        Assert.Equal(0, _fleet.MostHeld("honeypot"));
        Assert.InRange(_fleet.MostHeld("web1"), 1, 2);

        // web1's own ban duration: its entries end after 30 minutes, edge keeps the locks' two hours.
        var soon = DateTimeOffset.UtcNow;
        Assert.All(_fleet.Routers["web1"].Entries(), e => Assert.InRange(e.ExpiresAt!.Value, soon.AddMinutes(25), soon.AddMinutes(31)));
        Assert.All(_fleet.Routers["edge"].Entries(), e => Assert.InRange(e.ExpiresAt!.Value, soon.AddMinutes(110), soon.AddMinutes(121)));

        string why = await CliAsync("why", "1.0.103.1");
        Assert.Contains("withheld", why, StringComparison.Ordinal);
        Assert.Contains("server honeypot is report-only", why, StringComparison.Ordinal);

        await CliAsync("unlock", "1.0.103.4");
        await WaitUntilAsync(() => _fleet.Held("web1").SetEquals(["1.0.103.2", "1.0.103.3"]), "the next newest lock taking the freed place on web1");
        Assert.InRange(_fleet.MostHeld("web1"), 1, 2);
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
