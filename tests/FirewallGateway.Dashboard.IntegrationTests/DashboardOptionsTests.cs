using System.Net;
using System.Net.Http.Json;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.Web;

namespace FirewallGateway.Dashboard.IntegrationTests;

/// <summary>The <c>Dashboard</c> settings: out-of-range values name their key; switched off, nothing is served.</summary>
public sealed class DashboardOptionsTests
{
    [Fact]
    public void Validate_Defaults_Valid()
    {
        Assert.True(new DashboardOptionsValidator().Validate(null, new DashboardOptions()).Succeeded);
    }

    [Theory]
    [InlineData("00:00:30", "12:00:00", 100, "Dashboard:IdleTimeout")]
    [InlineData("2.00:00:00", "3.00:00:00", 100, "Dashboard:IdleTimeout")]
    [InlineData("01:00:00", "00:30:00", 100, "Dashboard:MaxLifetime")]
    [InlineData("00:30:00", "8.00:00:00", 100, "Dashboard:MaxLifetime")]
    [InlineData("00:30:00", "12:00:00", 0, "Dashboard:MaxSessions")]
    public void Validate_OutOfRange_FailureNamesTheKey(string idle, string lifetime, int maxSessions, string key)
    {
        var options = new DashboardOptions { IdleTimeout = TimeSpan.Parse(idle, null), MaxLifetime = TimeSpan.Parse(lifetime, null), MaxSessions = maxSessions };

        var result = new DashboardOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GatewayStart_IdleTimeoutTooShort_StopsNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            GatewayProcess.StartAsync(new Dictionary<string, string> { ["Dashboard:IdleTimeout"] = "00:00:05" }));

        Assert.Contains("configuration error: Dashboard:IdleTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardDisabled_NoPagesNoLogin_BasicStillWorks()
    {
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string> { ["Dashboard:Enabled"] = "false" });
        var (user, password) = gateway.OperatorLogin();
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };

        using var page = await http.GetAsync(new Uri("ui/", UriKind.Relative));
        using var login = await http.PostAsJsonAsync("ui/session", new { name = user, password });
        using var basic = gateway.OperatorClient();
        using var api = await basic.GetAsync(new Uri("api/v1/decisions", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }
}
