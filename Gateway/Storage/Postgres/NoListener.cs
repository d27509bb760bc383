using Microsoft.Extensions.Hosting;

namespace FirewallGateway.Storage.Postgres;

/// <summary>Stands in for the outbox listener in a process without dispatch, where nothing waits to be woken.</summary>
internal sealed class NoListener : IHostedService
{
    public static readonly NoListener Instance = new();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
