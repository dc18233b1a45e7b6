{{/* The release's full name: the release name when it already says pitcrew, else RELEASE-pitcrew. */}}
{{- define "pitcrew.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "pitcrew.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "pitcrew.labels" -}}
{{ include "pitcrew.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "pitcrew.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "pitcrew.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Lease the replicas elect their leader with, in the release's namespace. */}}
{{- define "pitcrew.leaseName" -}}
{{- default (include "pitcrew.fullname" .) .Values.serve.lease.name -}}
{{- end -}}

{{- define "pitcrew.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The kubeconfig files serve reads, as $KUBECONFIG lists them. */}}
{{- define "pitcrew.kubeconfigFiles" -}}
{{- $files := list -}}
{{- if .Values.kubeconfig.inClusterRegion -}}{{- $files = append $files "/etc/pitcrew/config/in-cluster.kubeconfig" -}}{{- end -}}
{{- if .Values.kubeconfig.existingSecret -}}{{- $files = append $files (printf "/etc/pitcrew/regions/%s" .Values.kubeconfig.key) -}}{{- end -}}
{{- if not $files -}}
{{- fail "kubeconfig: neither inClusterRegion nor existingSecret is set, so serve could reach no region" -}}
{{- end -}}
{{- join ":" $files -}}
{{- end -}}

{{/* Who the chart's roles are bound to: its ServiceAccount, and rbac.subjects. */}}
{{- define "pitcrew.subjects" -}}
- kind: ServiceAccount
  name: {{ include "pitcrew.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
{{- with .Values.rbac.subjects }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
What each `pitcrew fix` action writes, as GROUP/RESOURCE/VERB ("core" is the core group), in the namespaces it is
allowed for (rbac.fix.namespaces). From the actions' code (src/main/java/io/pitcrew/act): a deployment is read (get)
and written back whole (update: a PUT conditional on its resourceVersion, never patch or the scale subresource); a
workspace pod is deleted and read until gone; a secret is written back whole, and LiteLLM's read by name first. The
lists they start from (pods, secrets in every namespace) are the read-only ClusterRole's. FixPermissionsTest applies
each action on the lab with exactly these.
*/}}
{{- define "pitcrew.fixPermissions" -}}
{{- $deployments := list "apps/deployments/get" "apps/deployments/update" -}}
{{- dict
  "pause-key-rotation" $deployments
  "resume-key-rotation" $deployments
  "scale-litellm" $deployments
  "restart-litellm" $deployments
  "scale-provisioners" $deployments
  "raise-provisioner-limits" $deployments
  "restart-coder" $deployments
  "sync-mirror" $deployments
  "update-litellm-credentials" (concat $deployments (list "core/secrets/get" "core/secrets/update"))
  "refresh-pull-secret" (list "core/secrets/update")
  "delete-workspace-pod" (list "core/pods/delete" "core/pods/get")
  | toJson -}}
{{- end -}}
