using Microsoft.Extensions.Options;

namespace FirewallGateway.Hosting;

internal static class HttpsServiceCollectionExtensions
{
    /// <summary>Validates <c>Kestrel:Certificates:Default</c> at start (Kestrel itself loads the certificate).</summary>
    public static IServiceCollection AddHttpsCertificateValidation(this IServiceCollection services, IConfiguration configuration)
    {
        // Not bound strictly: the section also takes Kestrel's store-based keys (Subject, Store, Location, AllowInvalid).
        services.AddOptions<HttpsCertificateOptions>().Bind(configuration.GetSection(HttpsCertificateOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpsCertificateOptions>>(new HttpsCertificateOptionsValidator(configuration));
        return services;
    }
}
