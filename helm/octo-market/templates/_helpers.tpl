{{/* Chart name. */}}
{{- define "octo-market.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full resource name: release-chart unless the release name already contains the chart name. */}}
{{- define "octo-market.fullname" -}}
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

{{/* Selector labels: stable for the life of a release. */}}
{{- define "octo-market.selectorLabels" -}}
app.kubernetes.io/name: {{ include "octo-market.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "octo-market.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "octo-market.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: server
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "octo-market.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "octo-market.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository:tag, or repository@digest when a digest pins it. */}}
{{- define "octo-market.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The memory limit in MiB (the schema allows only Mi and Gi). */}}
{{- define "octo-market.memoryLimitMi" -}}
{{- $limit := toString .Values.resources.limits.memory }}
{{- if hasSuffix "Gi" $limit }}
{{- mul (trimSuffix "Gi" $limit | atoi) 1024 }}
{{- else }}
{{- trimSuffix "Mi" $limit | atoi }}
{{- end }}
{{- end }}

{{/* -Xmx derived from the memory limit: limit x jvm.heapPercentOfLimit %. */}}
{{- define "octo-market.xmx" -}}
{{- $mi := include "octo-market.memoryLimitMi" . | atoi }}
{{- printf "-Xmx%dm" (div (mul $mi (int .Values.jvm.heapPercentOfLimit)) 100) }}
{{- end }}

{{/* preStop sleep + Quarkus shutdown timeout + margin: the kubelet never kills a pod that is still draining. */}}
{{- define "octo-market.terminationGracePeriodSeconds" -}}
{{- add (int .Values.shutdown.preStopSleepSeconds) (int .Values.shutdown.timeoutSeconds) (int .Values.shutdown.marginSeconds) }}
{{- end }}

{{/* Query string for the JDBC and reactive URLs. */}}
{{- define "octo-market.dbParams" -}}
{{- if ne .Values.database.sslMode "disable" }}?sslmode={{ .Values.database.sslMode }}{{ end }}
{{- end }}
