{{/*
Chart name, truncated to the 63 characters a label value allows.
*/}}
{{- define "epoll-gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's resources: the release name, with the chart name unless the release already contains it.
*/}}
{{- define "epoll-gateway.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Name of the ClusterIP Service for the admin API and Actuator.
*/}}
{{- define "epoll-gateway.adminServiceName" -}}
{{- printf "%s-admin" (include "epoll-gateway.fullname" . | trunc 57 | trimSuffix "-") }}
{{- end }}

{{/*
chart label: name-version, with SemVer's "+" (not allowed in label values) replaced.
*/}}
{{- define "epoll-gateway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels: only name and instance, because a Deployment's selector is immutable.
*/}}
{{- define "epoll-gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "epoll-gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Recommended labels of every resource.
*/}}
{{- define "epoll-gateway.labels" -}}
helm.sh/chart: {{ include "epoll-gateway.chart" . }}
{{ include "epoll-gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: epoll-gateway
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Image reference: repository with a digest, else a tag (default: the chart's appVersion).
*/}}
{{- define "epoll-gateway.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Name of the ServiceAccount the pods run as.
*/}}
{{- define "epoll-gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "epoll-gateway.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Name of the Secret holding the passwords: the operator's existing one, or the chart's own.
*/}}
{{- define "epoll-gateway.secretName" -}}
{{- default (include "epoll-gateway.fullname" .) .Values.security.existingSecret }}
{{- end }}

{{/*
engine.drainTimeout (a Spring Duration such as 500ms, 10s, 2m, 1h; the schema checks its form) in whole seconds,
rounded up.
*/}}
{{- define "epoll-gateway.drainTimeoutSeconds" -}}
{{- $value := toString .Values.engine.drainTimeout }}
{{- $amount := regexFind "^[0-9]+" $value | int64 }}
{{- $unit := regexFind "[a-z]+$" $value }}
{{- if eq $unit "ms" }}{{ div (add $amount 999) 1000 }}
{{- else if eq $unit "m" }}{{ mul $amount 60 }}
{{- else if eq $unit "h" }}{{ mul $amount 3600 }}
{{- else }}{{ $amount }}
{{- end }}
{{- end }}

{{/*
Fails the render when a stopping pod could be killed before the engine's drain is over: the grace period covers the
preStop pause, the drain and a margin for the JVM to close the rest of the application.
*/}}
{{- define "epoll-gateway.validateGracePeriod" -}}
{{- $drain := include "epoll-gateway.drainTimeoutSeconds" . | int64 }}
{{- $needed := add .Values.preStopSleepSeconds $drain 5 }}
{{- if le (int64 .Values.terminationGracePeriodSeconds) $needed }}
{{- fail (printf "terminationGracePeriodSeconds (%v) must exceed preStopSleepSeconds (%v) + engine.drainTimeout (%ss) + 5s for the JVM to stop: set it above %v" .Values.terminationGracePeriodSeconds .Values.preStopSleepSeconds (toString $drain) $needed) }}
{{- end }}
{{- end }}
