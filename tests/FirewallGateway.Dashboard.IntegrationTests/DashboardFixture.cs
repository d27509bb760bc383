using System.Globalization;
using System.Net.Http.Json;
using FirewallGateway.IntegrationTests.Fleet;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Dashboard.IntegrationTests;

/// <summary>
/// One real gateway process with an nftables target in a network namespace of its own, a real SMTP server for
/// the e-mail report, and one headless chromium — shared by the tests of a class (starting chromium and the
/// gateway costs seconds on a loaded machine). Tests log in themselves and use distinct addresses.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string Table = "fgwui";
    public const string Target = "local";

    public NetworkNamespace Namespace { get; private set; } = null!;

    public GatewayProcess Gateway { get; private set; } = null!;

    public SmtpSink Smtp { get; private set; } = null!;

    public DashboardBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Namespace = await NetworkNamespace.CreateAsync("issue-17");
        Smtp = await SmtpSink.StartAsync();
        Gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            [$"Targets:{Target}:Kind"] = "nftables",
            [$"Targets:{Target}:Table"] = Table,
            [$"Targets:{Target}:NetworkNamespace"] = Namespace.Name,
            [$"Targets:{Target}:CreateIfMissing"] = "true",
            ["Dispatch:ReconcileInterval"] = "00:00:05",
            ["Dispatch:PollInterval"] = "00:00:01",
            ["Dispatch:RetryInitialDelay"] = "00:00:00.2",
            ["Dispatch:RetryMaxDelay"] = "00:00:01",
            ["Reports:SmtpHost"] = "127.0.0.1",
            ["Reports:SmtpPort"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Reports:SmtpSecurity"] = "none",
            ["Reports:From"] = "gateway@example.net",
            ["Reports:To:0"] = "soc@example.net",
        });
        Browser = new DashboardBrowser(Gateway.BaseAddress);
    }

    public (string User, string Password) Operator => Gateway.OperatorLogin();

    /// <summary>The browser with the operator logged in and the overview shown.</summary>
    public async Task<DashboardBrowser> LoggedInAsync()
    {
        var (user, password) = Operator;
        await Browser.LogInAsync(user, password);
        await Browser.WaitForAsync("#shell");
        await Browser.WaitForAsync("#view[data-page]");
        return Browser;
    }

    /// <summary>Reports addresses as a fail2ban host would (reporter login, form fields).</summary>
    public async Task ReportAsync(string reporter, string jail, IReadOnlyList<string> addresses, string? evidence = null)
    {
        string password = await Gateway.CreateReporterAsync(reporter);
        using var client = Gateway.Client(reporter, password);
        foreach (string address in addresses)
        {
            var fields = new Dictionary<string, string> { ["ip"] = address, ["jail"] = jail, ["failures"] = "5", ["host"] = reporter + ".example.net" };
            if (evidence is not null)
            {
                fields["matches"] = evidence;
            }

            using var response = await client.PostAsync("api/v1/reports", new FormUrlEncodedContent(fields));
            Assert.True(response.IsSuccessStatusCode, $"{address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The elements of the target's IPv4 set, as nft lists them (JSON text).</summary>
    public async Task<string> NftSetAsync()
    {
        var result = await Namespace.RunAsync("/usr/sbin/nft", ["-j", "list", "set", "inet", Table, "banned4"]);
        return result.ExitCode == 0 ? result.StandardOutput : string.Empty;
    }

    public async Task<bool> InNftSetAsync(string address) => (await NftSetAsync()).Contains($"\"{address}\"", StringComparison.Ordinal);

    public async Task<HttpResponseMessage> OperatorPostAsync(string path, object body)
    {
        using var client = Gateway.OperatorClient();
        return await client.PostAsJsonAsync(path, body);
    }

    public async Task DisposeAsync()
    {
        Browser?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }

        if (Namespace is not null)
        {
            await Namespace.DisposeAsync();
        }
    }
}
