using FirewallGateway.Core;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace FirewallGateway.Web;

/// <summary>
/// The operator dashboard: static pages compiled into the binary (no CDN, no files beside it) that call the
/// same HTTP API as the CLI with a session cookie. There is no second logic path: every page is an API client.
/// </summary>
internal static class DashboardServiceCollectionExtensions
{
    private const string AssetRoot = "Web/wwwroot";

    public static IServiceCollection AddGatewayDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions(configuration, DashboardOptions.SectionName, new DashboardOptionsValidator());
        if (configuration.GetValue($"{DashboardOptions.SectionName}:{nameof(DashboardOptions.Enabled)}", true))
        {
            services.AddDashboardAuthentication();
        }

        return services;
    }

    /// <summary>Call right after UseAuthentication: CSRF check, security headers, the embedded files.</summary>
    public static IApplicationBuilder UseGatewayDashboard(this WebApplication app, IConfiguration configuration)
    {
        app.UseDashboardSecurity();
        if (!configuration.GetValue($"{DashboardOptions.SectionName}:{nameof(DashboardOptions.Enabled)}", true))
        {
            return app;
        }

        var files = new ManifestEmbeddedFileProvider(typeof(DashboardServiceCollectionExtensions).Assembly, AssetRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = "/ui" });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = "/ui",
            ContentTypeProvider = new FileExtensionContentTypeProvider(),

            // Revalidate every time (ETag): after an upgrade the browser never runs yesterday's script.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.MapGet("/", () => Results.Redirect("/ui/")).ExcludeFromDescription();
        app.MapDashboardLoginApi();
        return app;
    }
}
