using FirewallGateway.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Storage;

/// <summary>
/// Prunes the decision change log every <see cref="StorageOptions.ChangeLogPruneInterval"/>, keeping
/// <see cref="StorageOptions.ChangeLogRetention"/>. Runs on every gateway of a fleet: the runs are write
/// transactions of the shared store, so a second one finds nothing more to delete.
/// </summary>
internal sealed partial class ChangeLogPruner : BackgroundService
{
    private readonly IChangeLogPruning _store;
    private readonly StorageOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ChangeLogPruner> _logger;

    public ChangeLogPruner(IChangeLogPruning store, IOptions<StorageOptions> options, TimeProvider time, ILogger<ChangeLogPruner> logger)
    {
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first run only notes a mark (nothing is older than the window yet on a new store), so it runs at once.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PruneOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The next run retries: an unpruned log only grows a little meanwhile, nothing is lost.
                Log.PruneFailed(_logger, ex);
            }

            await Task.Delay(_options.ChangeLogPruneInterval, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    internal async Task<ChangeLogPruneResult> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var result = await _store.PruneChangeLogAsync(_time.GetUtcNow(), _options.ChangeLogRetention, cancellationToken);
        if (result.Deleted > 0)
        {
            Log.Pruned(_logger, result.Deleted, result.PrunedThrough, result.Remaining);
        }

        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3151, Level = LogLevel.Information,
            Message = "Change log pruned: {Deleted} rows deleted through sequence {PrunedThrough}, {Remaining} kept")]
        public static partial void Pruned(ILogger logger, long deleted, long prunedThrough, long remaining);

        [LoggerMessage(EventId = 3152, Level = LogLevel.Error, Message = "Change log pruning failed; retrying at the next interval")]
        public static partial void PruneFailed(ILogger logger, Exception exception);
    }
}
