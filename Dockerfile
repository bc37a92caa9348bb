# The ElasticScaler service image: build with the .NET SDK, run on the ASP.NET runtime (tzdata included,
# so IANA zones in schedules resolve; see anchors on CronHPA's TZ troubles).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY autoscaler/ autoscaler/
RUN dotnet publish autoscaler/ElasticScaler.Autoscaler -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends tzdata && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
USER 65532:65532
ENTRYPOINT ["dotnet", "elasticscaler.dll"]
