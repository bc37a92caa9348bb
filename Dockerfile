# The ElasticScaler service image: `docker build -t REGISTRY/elasticscaler:TAG .` at the repository root
# (docs/deploy.md). Built with the .NET SDK; runs on the chiseled ASP.NET runtime "extra" variant: no shell, no
# package manager, a non-root user, plus ICU (the projects keep InvariantGlobalization=false) and tzdata (schedules
# name IANA time zones such as Asia/Shanghai; see anchors on CronHPA's TZ troubles). No HEALTHCHECK: Kubernetes
# probes /healthz and /readyz (deploy/manager/deployment.yaml).

# Framework-dependent and RID-less, the published output runs on any architecture: build once on the builder's
# platform, even for a multi-platform image (docker buildx build --platform linux/amd64,linux/arm64).
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
# Restore first, from what restore reads, so this layer is reused until a project file or a package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY autoscaler/ElasticScaler.Core/ElasticScaler.Core.csproj autoscaler/ElasticScaler.Core/
COPY autoscaler/ElasticScaler.Service/ElasticScaler.Service.csproj autoscaler/ElasticScaler.Service/
COPY autoscaler/ElasticScaler.Autoscaler/ElasticScaler.Autoscaler.csproj autoscaler/ElasticScaler.Autoscaler/
RUN dotnet restore autoscaler/ElasticScaler.Autoscaler/ElasticScaler.Autoscaler.csproj
COPY autoscaler/ autoscaler/
RUN dotnet publish autoscaler/ElasticScaler.Autoscaler/ElasticScaler.Autoscaler.csproj -c Release -o /app --no-restore --nologo -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="elasticscaler" \
      org.opencontainers.image.description="ElasticScaler: HPA-exact metric scaling, schedule windows and ECS-first/ECI-burst placement for Alibaba ACK" \
      org.opencontainers.image.source="https://github.com/elasticscaler/elasticscaler" \
      org.opencontainers.image.licenses="NOASSERTION" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
WORKDIR /app
COPY --from=build /app ./
# The images' non-root "app" user, by number so the kubelet can check runAsNonRoot; the Deployment's runAsUser.
USER 1654:1654
EXPOSE 8080
ENTRYPOINT ["dotnet", "elasticscaler.dll"]
# The service; the Deployment gives its own args (run --leader-elect), which replace this.
CMD ["run"]
