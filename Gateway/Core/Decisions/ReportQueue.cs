using System.Threading.Channels;
using FirewallGateway.Core.Options;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Core.Decisions;

/// <summary>The bounded queue between receivers and the single writer; full means receivers wait (back-pressure).</summary>
internal sealed class ReportQueue
{
    public ReportQueue(IOptions<DecisionWriterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Channel = System.Threading.Channels.Channel.CreateBounded<PendingReport>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public Channel<PendingReport> Channel { get; }
}
