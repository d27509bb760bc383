namespace FirewallGateway.CrowdSec;

/// <summary>Error answers in the local API's shape (<c>{"message": ...}</c>), which bouncers and agents log as they are.</summary>
internal static class LapiResults
{
    public static IResult Error(int status, string message) =>
        Results.Json(new LapiError(message), LapiJsonContext.Default.LapiError, statusCode: status);

    /// <summary>A missing or unknown API key: the local API answers 403, and bouncers report that as a bad key.</summary>
    public static IResult Forbidden() => Error(StatusCodes.Status403Forbidden, "access forbidden");

    /// <summary>A missing, expired or foreign watcher token (gin-jwt's shape, with the code).</summary>
    public static IResult Unauthorized(string message) =>
        Results.Json(new LapiError(message, StatusCodes.Status401Unauthorized), LapiJsonContext.Default.LapiError, statusCode: StatusCodes.Status401Unauthorized);
}
