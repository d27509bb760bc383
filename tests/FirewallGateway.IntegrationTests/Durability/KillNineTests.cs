using System.Collections.Concurrent;
using System.Net.Http.Json;
using FirewallGateway.IntegrationTests.Infrastructure;

namespace FirewallGateway.IntegrationTests.Durability;

/// <summary>Invariant 1: a report that got a 2xx answer survives kill -9 of the gateway.</summary>
public sealed class KillNineTests
{
    [Fact]
    public async Task AcknowledgedReports_GatewayKilledMidStream_AllPresentAfterRestart()
    {
        await using var gateway = await GatewayProcess.StartAsync();
        string password = await gateway.CreateReporterAsync("web1");
        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        async Task SendAsync(int worker)
        {
            using var client = gateway.Client("web1", password);
            for (int i = 0; i < 2000 && !stop.IsCancellationRequested; i++)
            {
                string address = $"1.{10 + worker}.{i / 250}.{(i % 250) + 1}";
                try
                {
                    using var response = await client.PostAsync("api/v1/reports", JsonContent.Create(new { ip = address, jail = "sshd" }));
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged.Add(address);
                    }
                }
                catch (HttpRequestException)
                {
                    return; // the gateway is gone: nothing after this was acknowledged
                }
            }
        }

        var senders = Enumerable.Range(0, 8).Select(SendAsync).ToArray();
        while (acknowledged.Count < 500)
        {
            await Task.Delay(5);
        }

        await gateway.KillAsync();
        stop.Cancel();
        await Task.WhenAll(senders);
        int before = acknowledged.Count;

        await gateway.StartAsync();
        var active = (await gateway.ActiveAddressesAsync()).ToHashSet();
        var lost = acknowledged.Where(a => !active.Contains(a)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {before} acknowledged reports were lost, e.g. {string.Join(", ", lost.Take(5))}");
    }
}
