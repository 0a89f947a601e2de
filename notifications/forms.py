from django import forms


class JobRetryForm(forms.Form):
    job = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
