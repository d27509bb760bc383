using System.Diagnostics.Metrics;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Fleet;
using FirewallGateway.Core.Options;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Core.Tests.Fleet;

/// <summary>Range folding for target "edge" with the default thresholds, over a real address filter.</summary>
internal sealed class FoldingSetup : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public FoldingSetup()
    {
        Policy.RangeFolding.Targets.Add("edge");
        Filter = new AddressFilter(Microsoft.Extensions.Options.Options.Create(Policy), new FakeTimeProvider(Some.Start));
    }

    public PolicyOptions Policy { get; } = new();

    public AddressFilter Filter { get; }

    public IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    public RangeFolding Folding() => new(Microsoft.Extensions.Options.Options.Create(Policy), Filter, Meters);

    public void Dispose() => _services.Dispose();
}
