using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace FirewallGateway.Logging;

/// <summary>Puts <see cref="EscapingLoggerProvider"/> in place of the console logger the host registers by default.</summary>
internal static class LoggingBuilderExtensions
{
    public static ILoggingBuilder EscapeControlCharacters(this ILoggingBuilder logging)
    {
        var services = logging.Services;
        if (services.Any(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)))
        {
            services.RemoveAll<ILoggerProvider>(typeof(ConsoleLoggerProvider));
            services.TryAddSingleton<ConsoleLoggerProvider>();
            services.AddSingleton<ILoggerProvider>(sp => new EscapingLoggerProvider(sp.GetRequiredService<ConsoleLoggerProvider>()));
        }

        return logging;
    }

    private static void RemoveAll<T>(this IServiceCollection services, Type implementation)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(T) && d.ImplementationType == implementation).ToList())
        {
            services.Remove(descriptor);
        }
    }
}
