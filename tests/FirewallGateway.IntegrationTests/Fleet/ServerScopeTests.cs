using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Fleet;
using FirewallGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>
/// The delivery rules read from the real store (in-process gateway over SQLite): group scope, a server's own
/// ban duration, and targets that are no server.
/// </summary>
public sealed class ServerScopeTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new();
    private HttpClient _operator = null!;

    public Task InitializeAsync()
    {
        _operator = _factory.OperatorClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _operator.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task GroupScope_OnlyItsGroupsReportsAndOperatorLocks_WithItsOwnBanDuration()
    {
        await RegisterAsync(new { name = "eu1", address = "1.0.110.1", scope = "group", group = "eu", banDuration = "1h" });
        string eu2 = await RegisterAsync(new { name = "eu2", address = "1.0.110.2", group = "eu" });
        string us1 = await RegisterAsync(new { name = "us1", address = "1.0.110.3", group = "us" });
        await ReportAsync("eu2", eu2, "1.0.111.1");
        await ReportAsync("us1", us1, "1.0.111.2");
        using (var locked = await _operator.PostAsJsonAsync("api/v1/decisions", new { address = "1.0.111.3", duration = "7d" }))
        {
            Assert.True(locked.IsSuccessStatusCode);
        }

        var policy = _factory.Services.GetRequiredService<ITargetDeliveryPolicy>();
        var now = DateTimeOffset.UtcNow;
        var eu1 = await policy.ForTargetAsync("eu1", now, CancellationToken.None);
        Assert.NotNull(eu1);
        Assert.Equal([Parse("1.0.111.1"), Parse("1.0.111.3")], eu1.Wanted.Keys.Order().ToArray());
        Assert.InRange(eu1.Wanted[Parse("1.0.111.3")], now.AddMinutes(55), now.AddMinutes(61)); // 1h, not the lock's 7d
        Assert.Contains("group eu", eu1.WithheldWhy, StringComparison.Ordinal);

        // Fleet scope (the default) takes everything; a target that is no server is not restricted at all.
        var fleetWide = await policy.ForTargetAsync("us1", now, CancellationToken.None);
        Assert.Equal(3, fleetWide!.Wanted.Count);
        Assert.InRange(fleetWide.Wanted[Parse("1.0.111.3")], now.AddDays(6.9), now.AddDays(7.1));
        Assert.Null(await policy.ForTargetAsync("edge", now, CancellationToken.None));
    }

    private static BanAddress Parse(string text) => BanAddress.TryParse(text, out var address) ? address : throw new ArgumentException(text);

    private async Task<string> RegisterAsync(object server)
    {
        using var response = await _operator.PostAsJsonAsync("api/v1/servers", server);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("password").GetString()!;
    }

    private async Task ReportAsync(string login, string password, string address)
    {
        using var reporter = _factory.ClientFor(login, password);
        using var response = await reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = address, jail = "sshd" }));
        Assert.True(response.IsSuccessStatusCode);
    }
}
