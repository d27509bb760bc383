using System.Net.Sockets;
using System.Runtime.CompilerServices;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using Microsoft.Extensions.Configuration;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>
/// A target kind for the check endpoint's tests while the real adapters live on other branches: its check
/// really connects over TCP to <c>127.0.0.1:Port</c> and reads the greeting ("OK" = list present), so
/// refused connections and wrong answers are real network outcomes. It enforces nothing.
/// </summary>
internal sealed class LoopbackProbeKind : IFirewallAdapterKind
{
    public string Kind => "loopback-probe";

    public IReadOnlyList<string> Validate(IConfigurationSection section) =>
        int.TryParse(section["Port"], out int port) && port is > 0 and < 65536 ? [] : [$"{section.Path}:Port must be between 1 and 65535"];

    public IFirewallAdapter Create(string targetName, IConfigurationSection section, IServiceProvider services) =>
        new Adapter(targetName, int.Parse(section["Port"]!, System.Globalization.CultureInfo.InvariantCulture));

    private sealed class Adapter(string name, int port) : IFirewallAdapter
    {
        public string TargetName => name;

        public int MaxBatchSize => 100;

        public ValueTask<BatchResult> BanAsync(IReadOnlyList<BanEntry> batch, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the probe target enforces nothing");

        public ValueTask<BatchResult> UnbanAsync(IReadOnlyList<BanAddress> batch, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the probe target enforces nothing");

        public async IAsyncEnumerable<EnforcedEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            yield break;
        }

        public async ValueTask<TargetHealth> CheckAsync(CancellationToken cancellationToken)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                using var reader = new StreamReader(client.GetStream());
                string? greeting = await reader.ReadLineAsync(cancellationToken);
                return greeting is not null && greeting.StartsWith("OK", StringComparison.Ordinal)
                    ? TargetHealth.Ok($"127.0.0.1:{port} answered '{greeting}'")
                    : new TargetHealth(true, false, false, $"127.0.0.1:{port} refused the login: '{greeting}'");
            }
            catch (SocketException ex)
            {
                return TargetHealth.Unreachable($"127.0.0.1:{port}: {ex.Message}");
            }
        }
    }
}
