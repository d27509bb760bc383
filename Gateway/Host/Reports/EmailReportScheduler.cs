using Microsoft.Extensions.Options;

namespace FirewallGateway.Reports;

/// <summary>
/// Sends the e-mail report on its schedule (daily, weekly, monthly, or never). It waits by the injected clock,
/// so tests drive it with a fake one; a failed send is logged and retried at the next run, never in a loop.
/// </summary>
internal sealed partial class EmailReportScheduler : BackgroundService
{
    private readonly EmailReportSender _sender;
    private readonly IOptionsMonitor<EmailReportOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EmailReportScheduler> _logger;

    public EmailReportScheduler(EmailReportSender sender, IOptionsMonitor<EmailReportOptions> options, TimeProvider time, ILogger<EmailReportScheduler> logger)
    {
        _sender = sender;
        _options = options;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var options = _options.CurrentValue;
            var next = ReportSchedule.NextRun(options.Schedule, options.SendAtHour, _time.GetUtcNow());
            if (next is null)
            {
                return;
            }

            Log.Scheduled(_logger, options.Schedule, next.Value);
            var wait = next.Value - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, stoppingToken);
            }

            await RunOnceAsync(options.Schedule, next.Value, stoppingToken);
        }
    }

    /// <summary>Sends the report that is due at <paramref name="runAt"/>; failures are logged, not thrown.</summary>
    internal async Task RunOnceAsync(string schedule, DateTimeOffset runAt, CancellationToken cancellationToken)
    {
        var (from, to) = ReportSchedule.PeriodFor(schedule, runAt);
        try
        {
            await _sender.SendAsync(from, to, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.Failed(_logger, ex.Message, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Next {Schedule} e-mail report at {At:u}")]
        public static partial void Scheduled(ILogger logger, string schedule, DateTimeOffset at);

        [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "E-mail report not sent: {Error}")]
        public static partial void Failed(ILogger logger, string error, Exception exception);
    }
}
