using FirewallGateway.Core;

namespace FirewallGateway.Reports;

/// <summary>Registers the report summary, the SMTP sender and the e-mail schedule (section <c>Reports</c>).</summary>
internal static class ReportsServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions(configuration, EmailReportOptions.SectionName, new EmailReportOptionsValidator());
        services.AddSingleton<ReportComposer>();
        services.AddSingleton<EmailReportSender>();
        services.AddHostedService<EmailReportScheduler>();
        return services;
    }
}
