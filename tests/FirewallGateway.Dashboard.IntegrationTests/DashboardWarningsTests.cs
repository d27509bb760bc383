using FirewallGateway.IntegrationTests.Infrastructure;

namespace FirewallGateway.Dashboard.IntegrationTests;

/// <summary>A gateway that blocks nothing says so on the overview, not only in its log.</summary>
public sealed class DashboardWarningsTests : IAsyncLifetime
{
    private GatewayProcess _gateway = null!;
    private DashboardBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayProcess.StartAsync();
        _browser = new DashboardBrowser(_gateway.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _browser?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task Overview_NoTargetConfigured_ShowsTheNoEnforcingTargetWarning()
    {
        var (user, password) = _gateway.OperatorLogin();
        await _browser.LogInAsync(user, password);

        await _browser.ShowAsync("#/overview", "#card-active");

        await _browser.WaitForTextAsync("#warnings", "no enforcing target configured");
        Assert.Contains("0 / 0", _browser.TextOf("#card-targets"), StringComparison.Ordinal);
        _browser.Screenshot("overview-no-target");
    }
}
