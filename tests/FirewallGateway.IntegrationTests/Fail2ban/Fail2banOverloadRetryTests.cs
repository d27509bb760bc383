using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.IntegrationTests.Security;

namespace FirewallGateway.IntegrationTests.Fail2ban;

/// <summary>A real fail2ban running the shipped sample action meets a gateway at capacity: it gets 503 and retries.</summary>
public sealed class Fail2banOverloadRetryTests
{
    private const string Jail = "gwretry";

    [Fact]
    public async Task SampleAction_RetriesA503_UntilTheGatewayHasRoom()
    {
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Limits:MaxConcurrentRequests"] = "1",
            ["Limits:RequestQueue"] = "0",
            // curl waits what Retry-After says between its 5 retries: 3 s each gives a 15 s window.
            ["Limits:RetryAfterSeconds"] = "3",
        });
        string credentials = await gateway.CreateReporterCurlConfigAsync("web1");
        await using var fail2ban = await Fail2banServer.StartAsync(
            Jail,
            $"firewallgateway[gateway_url=\"{gateway.BaseAddress.ToString().TrimEnd('/')}\", credentials=\"{credentials}\"]",
            new Dictionary<string, string> { ["firewallgateway.conf"] = RepositoryPaths.Fail2banAction });

        // A slow client holds the only slot while fail2ban reports: its first attempt is shed with 503.
        var (operatorName, operatorPassword) = gateway.OperatorLogin();
        using var holder = await SlowRequest.StartAsync(gateway.BaseAddress, operatorName, operatorPassword, "1.0.72.1");
        // `banip` returns only once the action has run, so the slot is released while it is still retrying.
        var banip = fail2ban.Client("set", Jail, "banip", "1.0.72.9");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var released = DateTimeOffset.UtcNow;
        Assert.Equal(201, await holder.FinishAsync());
        (await banip).EnsureSuccess("banip");

        // Polled every 2 s, not every 50 ms: with one slot, a busy poller would itself shed curl's retries.
        using var client = gateway.OperatorClient();
        string decision = "[]";
        for (var deadline = DateTime.UtcNow.AddSeconds(60); !decision.Contains("\"active\"", StringComparison.Ordinal); await Task.Delay(TimeSpan.FromSeconds(2)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no decision for 1.0.72.9 within 60 s (fail2ban log:\n{fail2ban.ReadLog()})");
            // The poll itself may be shed (503) while curl's retry holds the only slot: that is "not yet", not a failure.
            using var answer = await client.GetAsync("api/v1/decisions?address=1.0.72.9");
            decision = answer.IsSuccessStatusCode ? await answer.Content.ReadAsStringAsync() : "[]";
        }

        // Accepted only after the slot was free, so the first attempt(s) got 503 and curl tried again.
        using var json = JsonDocument.Parse(decision);
        var firstSeen = json.RootElement[0].GetProperty("firstSeen").GetDateTimeOffset();
        Assert.True(firstSeen >= released.AddSeconds(-0.5), $"first seen {firstSeen:O}, slot released {released:O}");
    }
}
