using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Nftables;

/// <summary>
/// A real gateway process driving nftables targets in a network namespace of the test's own, with dispatch and
/// reconcile intervals short enough for a test; both are removed after each test.
/// </summary>
public abstract class NftGatewayTest : IAsyncLifetime
{
    protected NetworkNamespace Namespace { get; private set; } = null!;

    protected GatewayProcess Gateway { get; private set; } = null!;

    public abstract Task InitializeAsync();

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Namespace is not null)
        {
            await Namespace.DisposeAsync();
        }
    }

    protected async Task CreateNamespaceAsync(string prefix) => Namespace = await NetworkNamespace.CreateAsync(prefix);

    /// <summary>Starts the gateway with an nftables target per (target, table) pair and the given extra settings.</summary>
    protected async Task StartGatewayAsync(IEnumerable<(string Target, string Table)> targets, IReadOnlyDictionary<string, string> settings)
    {
        var all = new Dictionary<string, string>(settings)
        {
            ["Dispatch:ReconcileInterval"] = "00:00:02",
            ["Dispatch:PollInterval"] = "00:00:01",
            ["Dispatch:RetryInitialDelay"] = "00:00:00.2",
            ["Dispatch:RetryMaxDelay"] = "00:00:01",
        };
        foreach (var (target, table) in targets)
        {
            all[$"Targets:{target}:Kind"] = "nftables";
            all[$"Targets:{target}:Table"] = table;
            all[$"Targets:{target}:NetworkNamespace"] = Namespace.Name;
        }

        Gateway = await GatewayProcess.StartAsync(all);
    }

    /// <summary>A client logged in as a new reporter login <paramref name="name"/>.</summary>
    protected async Task<HttpClient> ReporterAsync(string name) => Gateway.Client(name, await Gateway.CreateReporterAsync(name));

    /// <summary>Reports <paramref name="address"/> as fail2ban's sshd jail would (5 failures, optionally a ban time in seconds); the answer must be 2xx.</summary>
    protected static async Task<JsonDocument> ReportAsync(HttpClient client, string address, string? bantime = null)
    {
        var fields = new Dictionary<string, string> { ["ip"] = address, ["jail"] = "sshd", ["failures"] = "5" };
        if (bantime is not null)
        {
            fields["bantime"] = bantime;
        }

        using var response = await client.PostAsJsonAsync("api/v1/reports", fields);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{address}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }
}
